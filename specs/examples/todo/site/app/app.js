/* app.js - the todo example's front end: plain JavaScript, no framework,
 * no build step.  It builds the page inside <div id="app">, lists the
 * todos of GET /cgi-bin/todos (each <li data-id="N">title</li>), adds one
 * with POST /cgi-bin/todos and "Authorization: Bearer TOKEN" (the token
 * typed in the password field, kept nowhere else), shows the API's errors
 * in the page (401: "not authorized"), and keeps document.title at
 * "Todos (N)".  The select orders the list (the API keeps no other field:
 * a todo is an id and a title).  window.appReady turns true once the
 * first list has been shown. */
"use strict";

(function () {
	var API = "/cgi-bin/todos";
	var todos = [];

	function el(tag, attrs, text) {
		var e = document.createElement(tag);
		Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
		if (text !== undefined)
			e.textContent = text;
		return e;
	}

	function field(form, label, input) {
		form.appendChild(el("label", { "for": input.id }, label));
		form.appendChild(input);
	}

	/* The page: a heading, the form, the messages, the list. */
	var app = document.getElementById("app");
	var form = el("form", { id: "todo-form", autocomplete: "off" });
	var token = el("input", { id: "token", name: "token", type: "password",
	    autocomplete: "current-password", placeholder: "API token" });
	var title = el("input", { id: "title", name: "title", type: "text",
	    placeholder: "What needs doing?", maxlength: "200" });
	var order = el("select", { id: "order", name: "order" });
	order.appendChild(el("option", { value: "oldest" }, "oldest first"));
	order.appendChild(el("option", { value: "newest" }, "newest first"));
	var add = el("button", { id: "add", type: "submit" }, "Add");
	field(form, "API token", token);
	field(form, "Title", title);
	field(form, "Order", order);
	form.appendChild(add);
	var error = el("p", { id: "error", role: "alert" });
	var status = el("p", { id: "status", role: "status" });
	var list = el("ul", { id: "todos" });
	var empty = el("p", { "class": "empty" }, "Nothing to do.");
	app.appendChild(el("h1", {}, "Todos"));
	app.appendChild(form);
	app.appendChild(error);
	app.appendChild(status);
	app.appendChild(list);
	app.appendChild(empty);

	function render() {
		var shown = todos.slice();
		if (order.value === "newest")
			shown.reverse();
		list.textContent = "";
		shown.forEach(function (t) {
			list.appendChild(el("li", { "data-id": String(t.id) }, t.title));
		});
		empty.hidden = todos.length > 0;
		document.title = "Todos (" + todos.length + ")";
	}

	function say(msg) { status.textContent = msg; error.textContent = ""; }
	function fail(msg) { error.textContent = msg; status.textContent = ""; }

	/* The API's answer as {status, body}; body is the parsed JSON, or null. */
	function call(method, headers, body) {
		return fetch(API, { method: method, headers: headers, body: body })
		    .then(function (r) {
			return r.text().then(function (t) {
				var j = null;
				try { j = t ? JSON.parse(t) : null; } catch (e) { j = null; }
				return { status: r.status, body: j };
			});
		    });
	}

	function load() {
		return call("GET", { Accept: "application/json" }).then(function (r) {
			if (r.status !== 200 || !Array.isArray(r.body))
				throw new Error("the list did not load (HTTP " + r.status + ")");
			todos = r.body;
			render();
		});
	}

	form.addEventListener("submit", function (ev) {
		ev.preventDefault();
		var t = title.value.trim();
		if (!t) {
			fail("a title is required");
			return;
		}
		add.disabled = true;
		call("POST", { "Content-Type": "application/json",
		    Authorization: "Bearer " + token.value },
		    JSON.stringify({ title: t })).then(function (r) {
			if (r.status === 401)
				throw new Error("not authorized: check the API token");
			if (r.status !== 201)
				throw new Error((r.body && r.body.error) ||
				    "the todo was not added (HTTP " + r.status + ")");
			title.value = "";
			say("added #" + r.body.id);
			return load();
		}).catch(function (e) {
			fail(e.message);
		}).then(function () {
			add.disabled = false;
		});
	});

	order.addEventListener("change", render);

	load().catch(function (e) {
		fail(e.message);
	}).then(function () {
		window.appReady = true;
	});
})();
