/* render.js - rewrites render.html's DOM after 200 ms (the list, a hidden
 * paragraph, the title), removes the spinner, then fetches /echo (a
 * request the page makes after it loaded) and shows its method. */
"use strict";
setTimeout(function () {
	var app = document.getElementById("app");
	var h = document.createElement("h1");
	h.textContent = "Rendered by script";
	app.appendChild(h);
	var ul = document.createElement("ul");
	ul.id = "items";
	["one", "two", "three"].forEach(function (t, i) {
		var li = document.createElement("li");
		li.className = "item";
		li.setAttribute("data-n", String(i + 1));
		li.textContent = t;
		ul.appendChild(li);
	});
	app.appendChild(ul);
	var hidden = document.createElement("p");
	hidden.id = "hidden";
	hidden.style.display = "none";
	hidden.textContent = "not shown";
	app.appendChild(hidden);
	document.title = "Rendered (3)";
	document.getElementById("spinner").remove();
	window.rendered = true;
	setTimeout(function () {
		fetch("/slow?ms=300").then(function (r) { return r.text(); }).then(function (t) {
			var p = document.createElement("p");
			p.id = "fetched";
			p.textContent = "fetched: " + t;
			app.appendChild(p);
		});
	}, 100);
}, 200);
