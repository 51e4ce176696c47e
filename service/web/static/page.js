// The page at /: sends the article to the service's own POST /v1/audit and shows the report
// the service renders (the same HTML as `eokjo audit --format html`). Nothing else is loaded.
"use strict";

(function () {
  const form = document.getElementById("audit-form");
  const text = document.getElementById("text");
  const file = document.getElementById("file");
  const status = document.getElementById("status");
  const result = document.getElementById("result");
  const downloads = document.getElementById("downloads");
  const links = { json: document.getElementById("download-json"), html: document.getElementById("download-html") };
  const urls = [];

  function say(key, isError, detail) {
    status.classList.toggle("error", Boolean(isError));
    status.replaceChildren();
    const message = document.querySelector(`#messages [data-key="${key}"]`);
    if (message) status.append(...Array.from(message.cloneNode(true).childNodes));
    if (detail) status.append(document.createTextNode(" " + detail));
  }

  // The report on show and its downloads go together: an error clears both, so that an
  // old report is never offered as the answer to the new request.
  function clear() {
    result.replaceChildren();
    downloads.hidden = true;
    urls.splice(0).forEach((url) => URL.revokeObjectURL(url));
    Object.values(links).forEach((link) => link.setAttribute("href", "#"));
  }

  function offer(link, body, type) {
    const url = URL.createObjectURL(new Blob([body], { type }));
    urls.push(url);
    link.href = url;
  }

  async function readFile(f) {
    if (f) text.value = await f.text();
  }

  file.addEventListener("change", () => readFile(file.files[0]));
  text.addEventListener("dragover", (e) => { e.preventDefault(); text.classList.add("dragging"); });
  text.addEventListener("dragleave", () => text.classList.remove("dragging"));
  text.addEventListener("drop", (e) => {
    e.preventDefault();
    text.classList.remove("dragging");
    readFile(e.dataTransfer.files[0]);
  });

  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    if (!text.value.trim()) { clear(); say("empty", true); text.focus(); return; }
    const body = { text: text.value, date: form.date.value || null, rate: form.rate.value.trim() || null };
    say("working");
    let answer;
    try {
      answer = await fetch("/v1/audit", {
        method: "POST",
        headers: { "content-type": "application/json", accept: "text/html" },
        body: JSON.stringify(body),
      });
    } catch (err) {
      clear();
      say("failed", true, String(err));
      return;
    }
    if (!answer.ok) {  // a problem+json body: say what was wrong, in the service's words
      let detail = answer.statusText;
      try { detail = (await answer.json()).detail; } catch (_) { /* not JSON */ }
      clear();
      status.classList.add("error");
      status.textContent = `${answer.status}: ${detail}`;
      return;
    }
    const html = await answer.text();
    // Parsed inert in a template: a parsed document would apply the report's own <style>
    // element, which the page's policy (style-src 'self') refuses and the console reports.
    const parsed = document.createElement("template");
    parsed.innerHTML = html;
    const report = parsed.content.getElementById("report");
    const data = parsed.content.getElementById("eokjo-data");
    clear();
    result.replaceChildren(document.importNode(report, true));
    const reports = JSON.parse(data.textContent);
    offer(links.json, JSON.stringify(reports.length === 1 ? reports[0] : reports, null, 2), "application/json");
    offer(links.html, html, "text/html");
    downloads.hidden = false;
    say("done");
    const heading = result.querySelector("h2");
    if (heading) heading.focus();
  });
})();
