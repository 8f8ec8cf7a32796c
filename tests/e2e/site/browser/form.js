/* form.js - form.html's behaviour: Go writes "name/color" into #out, keys
 * pressed in #name are listed in #keys ("Enter", "Control+a"), the query
 * string's token is shown in #query, and the X-Token header the page's
 * requests carry (echoed by /echo) in #header, the page's cookies
 * (document.cookie) in #cookie. */
"use strict";
var $ = function (s) { return document.querySelector(s); };
$("#go").addEventListener("click", function () {
	$("#out").textContent = $("#name").value + "/" + $("#color").value;
});
$("#name").addEventListener("keydown", function (e) {
	var k = (e.ctrlKey ? "Control+" : "") + e.key;
	$("#keys").textContent += ($("#keys").textContent ? " " : "") + k;
});
var q = new URLSearchParams(location.search).get("token");
if (q)
	$("#query").textContent = q;
$("#cookie").textContent = document.cookie;
fetch("/echo").then(function (r) { return r.json(); }).then(function (j) {
	$("#header").textContent = j.headers["x-token"] || "none";
});
