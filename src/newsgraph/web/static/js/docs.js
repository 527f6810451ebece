/* newsgraph: "Try it" on the API page: sends the request and shows the answer as text. */
(function () {
  "use strict";
  document.querySelectorAll("form.try").forEach(function (form) {
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var path = form.dataset.path, query = new URLSearchParams(), body = null;
      form.querySelectorAll("input[name]").forEach(function (input) {
        var v = input.value.trim();
        if (input.dataset.in === "path") path = path.replace("{" + input.name + "}", encodeURIComponent(v));
        else if (v) query.append(input.name, v);
      });
      var area = form.querySelector("textarea[name=__body]");
      if (area) body = area.value;
      var url = path + (query.toString() ? "?" + query.toString() : "");
      var out = form.querySelector("pre.result");
      out.hidden = false;
      out.textContent = form.dataset.method + " " + url + "\n…";
      fetch(url, {
        method: form.dataset.method,
        headers: body ? { "Content-Type": "application/json" } : {},
        body: body
      }).then(function (res) {
        return res.text().then(function (text) {
          var shown = text;
          try { shown = JSON.stringify(JSON.parse(text), null, 1); } catch (e) { /* not JSON: show as is */ }
          if (shown.length > 60000) shown = shown.slice(0, 60000) + "\n…";
          out.textContent = form.dataset.method + " " + url + "\nHTTP " + res.status + "\n\n" + shown;
        });
      }).catch(function (err) { out.textContent = "request failed: " + err; });
    });
  });
})();
