/* The channel chooser on how-to/choose-a-channel (docs/_ext/chooser.py).
 *
 * chooser-data.js holds every situation's findings, written at build time from the
 * rules package in the page's language.  This script only reads the situation from
 * the form or the address, looks it up and renders the answer: no verdict logic
 * lives here.  The situation is kept in the address (names as on the command line),
 * so a link shows the same answer, the back button steps through earlier choices
 * and the language switch keeps the choice.  No framework, no eval, no inline code.
 */
(function () {
  "use strict";

  var data = window.chooserData;
  var form = document.querySelector("form.chooser-form");
  if (!data || !form) {
    return;
  }
  var answer = document.getElementById("chooser-answer");
  var result = document.getElementById("chooser-result");
  var situationLine = document.getElementById("chooser-situation");
  var status = document.getElementById("chooser-status");
  var title = document.getElementById("chooser-answer-title");
  var root = form.getAttribute("data-root") || "";
  var YES = ["1", "true", "on", "yes"];

  /* The situation named by URL parameters (or the form's data): unknown values are ignored. */
  function stateFrom(params) {
    var state = { values: {}, flags: {} };
    data.dimensions.forEach(function (dimension) {
      var name = dimension[0];
      var value = params.get(name);
      state.values[name] = dimension[1].indexOf(value) >= 0 ? value : data.defaults[name] || null;
    });
    data.flags.forEach(function (flag) {
      state.flags[flag] = YES.indexOf((params.get(flag) || "").toLowerCase()) >= 0;
    });
    return state;
  }

  /* The situation's number in the data (the order of all_situations()), or -1. */
  function indexOf(state) {
    var index = 0;
    for (var i = 0; i < data.dimensions.length; i++) {
      var values = data.dimensions[i][1];
      var position = values.indexOf(state.values[data.dimensions[i][0]]);
      if (position < 0) {
        return -1;
      }
      index = index * values.length + position;
    }
    data.flags.forEach(function (flag) {
      index = index * 2 + (state.flags[flag] ? 1 : 0);
    });
    return index;
  }

  /* The address for a situation: what the form submits, plus a platform other than the default. */
  function queryOf(state) {
    var params = new URLSearchParams();
    data.dimensions.forEach(function (dimension) {
      var name = dimension[0];
      var value = state.values[name];
      var asked = form.elements.namedItem(name) !== null;
      if (value && (asked || value !== data.defaults[name])) {
        params.set(name, value);
      }
    });
    data.flags.forEach(function (flag) {
      if (state.flags[flag]) {
        params.set(flag, "1");
      }
    });
    var text = params.toString();
    return text ? "?" + text : "";
  }

  function setForm(state) {
    Array.prototype.forEach.call(form.elements, function (input) {
      if (input.type === "radio") {
        input.checked = state.values[input.name] === input.value;
      } else if (input.type === "checkbox") {
        input.checked = Boolean(state.flags[input.name]);
      }
    });
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (text) {
      node.textContent = text;
    }
    return node;
  }

  function ruleLinks(numbers) {
    var fragment = document.createDocumentFragment();
    numbers.forEach(function (number, position) {
      if (position) {
        fragment.appendChild(document.createTextNode(", "));
      }
      var link = element("a", "chooser-rule", data.rules[number]);
      link.href = root + data.ruleUrls[number];
      link.setAttribute("data-rule", data.rules[number]);
      fragment.appendChild(link);
    });
    return fragment;
  }

  function detail(label, text, className) {
    var item = element("li", className);
    item.appendChild(element("span", "chooser-label", label));
    item.appendChild(document.createTextNode(" " + data.strings[text]));
    return item;
  }

  /* The channel's name, its verdict word and its rules, on one line. */
  function verdictLine(tag, finding) {
    var line = element(tag, "chooser-line");
    line.appendChild(element("strong", "chooser-channel-name", data.channelLabels[finding[0]]));
    line.appendChild(document.createTextNode(": "));
    line.appendChild(element("span", "chooser-verdict", data.verdictLabels[finding[1]]));
    line.appendChild(document.createTextNode(" ("));
    line.appendChild(ruleLinks(finding[2]));
    line.appendChild(document.createTextNode(")"));
    return line;
  }

  /* The link to the page that says how (chosen at build time, chooser.py HOW_TO). */
  function howLink(finding) {
    if (finding[5] < 0) {
      return null;
    }
    var page = data.pages[finding[5]];
    var paragraph = element("p", "chooser-howto");
    var link = element("a", "", data.words.how.replace("{title}", page[1]));
    link.href = root + page[0];
    paragraph.appendChild(link);
    return paragraph;
  }

  function channelItem(finding, className) {
    var item = element("li", "chooser-channel " + className + " verdict-" + data.verdicts[finding[1]]);
    item.setAttribute("data-channel", data.channels[finding[0]]);
    item.setAttribute("data-verdict", data.verdicts[finding[1]]);
    return item;
  }

  /* One of the best channels: one reason, its conditions as a checklist, the page that says how. */
  function expanded(finding) {
    var item = channelItem(finding, "chooser-expanded");
    item.appendChild(verdictLine("h3", finding));
    if (finding[3].length) {
      var why = element("p", "chooser-reason");
      why.appendChild(element("span", "chooser-label", data.words.why));
      why.appendChild(document.createTextNode(" " + data.strings[finding[3][0]]));
      item.appendChild(why);
    }
    if (finding[4].length) {
      var checklist = element("ul", "chooser-checklist");
      finding[4].forEach(function (text) {
        checklist.appendChild(element("li", "chooser-condition", data.strings[text]));
      });
      item.appendChild(checklist);
    }
    var how = howLink(finding);
    if (how) {
      item.appendChild(how);
    }
    if (finding[3].length > 1) {
      var more = element("details", "chooser-more");
      more.appendChild(element("summary", "", data.words.more));
      var list = element("ul", "chooser-details");
      finding[3].slice(1).forEach(function (text) {
        list.appendChild(detail(data.words.why, text, "chooser-reason"));
      });
      more.appendChild(list);
      item.appendChild(more);
    }
    return item;
  }

  /* Any other channel: one line, its reasons and conditions folded away. */
  function folded(finding) {
    var item = channelItem(finding, "chooser-other");
    var box = element("details", "chooser-fold");
    var summary = element("summary", "");
    summary.appendChild(element("span", "chooser-channel-name", data.channelLabels[finding[0]]));
    box.appendChild(summary);
    box.appendChild(verdictLine("p", finding));
    var list = element("ul", "chooser-details");
    finding[3].forEach(function (text) {
      list.appendChild(detail(data.words.why, text, "chooser-reason"));
    });
    finding[4].forEach(function (text) {
      list.appendChild(detail(data.words.condition, text, "chooser-condition"));
    });
    if (list.childNodes.length) {
      box.appendChild(list);
    }
    var how = howLink(finding);
    if (how) {
      box.appendChild(how);
    }
    item.appendChild(box);
    return item;
  }

  function group(className, title) {
    var box = element("div", "chooser-group " + className);
    box.appendChild(element("h4", "chooser-group-title", title));
    var list = element("ul", "chooser-group-list");
    box.appendChild(list);
    return { box: box, list: list };
  }

  /* The situation in words, in the order the command line writes it; a part the form
     does not ask for (the platform) only when the address names another than the default. */
  function describe(state) {
    var parts = [];
    data.dimensions.forEach(function (dimension) {
      var value = state.values[dimension[0]];
      if (!value) {
        parts.push(data.words.unanswered);
      } else if (form.elements.namedItem(dimension[0]) !== null || value !== data.defaults[dimension[0]]) {
        parts.push(data.labels[value]);
      }
    });
    data.flags.forEach(function (flag) {
      if (state.flags[flag]) {
        parts.push(data.labels[flag]);
      }
    });
    return data.words.situation + " " + parts.join(" · ");
  }

  /* The findings to show, best first: for a question left open (the contacts), those that
     are the same for every answer, and the channels whose finding depends on the answer. */
  function lookUp(state) {
    var index = indexOf(state);
    if (index >= 0) {
      return { numbers: data.situations[index], open: null };
    }
    var missing = data.dimensions.filter(function (dimension) {
      return !state.values[dimension[0]];
    });
    if (missing.length !== 1 || data.open.indexOf(missing[0][0]) < 0) {
      return null;
    }
    var name = missing[0][0];
    var rows = missing[0][1].map(function (value) {
      var each = { values: Object.assign({}, state.values), flags: state.flags };
      each.values[name] = value;
      return data.situations[indexOf(each)];
    });
    var channelOf = function (number) {
      return data.findings[number][0];
    };
    var same = rows[0].filter(function (number) {
      return rows.every(function (row) {
        return row.indexOf(number) >= 0;
      });
    });
    var varying = rows[0].map(channelOf).filter(function (channel) {
      return !same.some(function (number) {
        return channelOf(number) === channel;
      });
    });
    var open = varying.map(function (channel) {
      return {
        channel: channel,
        answers: missing[0][1].map(function (value, position) {
          var number = rows[position].filter(function (n) {
            return channelOf(n) === channel;
          })[0];
          return [value, data.findings[number][1]];
        }),
      };
    });
    return { numbers: same, open: open };
  }

  function render(state) {
    var found = lookUp(state);
    result.textContent = "";
    if (!found) {
      answer.hidden = true;
      situationLine.textContent = "";
      status.textContent = data.words.choose;
      return;
    }
    var findings = found.numbers.map(function (number) {
      return data.findings[number];
    });
    var best = findings.filter(function (finding) {
      return data.expand.indexOf(data.verdicts[finding[1]]) >= 0;
    }).slice(0, 3);
    if (!best.length) {
      best = findings.slice(0, 1);
    }
    var top = element("ol", "chooser-top");
    best.forEach(function (finding) {
      top.appendChild(expanded(finding));
    });
    result.appendChild(top);
    var rest = findings.slice(best.length);
    if (rest.length || (found.open && found.open.length)) {
      result.appendChild(element("h3", "chooser-others-title", data.words.others));
    }
    var current = null;
    rest.forEach(function (finding) {
      if (!current || current.verdict !== finding[1]) {
        current = group("verdict-" + data.verdicts[finding[1]], capitalise(data.verdictLabels[finding[1]]));
        current.verdict = finding[1];
        result.appendChild(current.box);
      }
      current.list.appendChild(folded(finding));
    });
    if (found.open && found.open.length) {
      var open = group("chooser-open", data.words.open);
      found.open.forEach(function (entry) {
        var item = element("li", "chooser-open-channel");
        item.setAttribute("data-open-channel", data.channels[entry.channel]);
        item.appendChild(element("strong", "chooser-channel-name", data.channelLabels[entry.channel]));
        var list = element("ul", "chooser-details");
        entry.answers.forEach(function (pair) {
          list.appendChild(element("li", "", data.labels[pair[0]] + ": " + data.verdictLabels[pair[1]]));
        });
        item.appendChild(list);
        open.list.appendChild(item);
      });
      result.appendChild(open.box);
    }
    situationLine.textContent = describe(state);
    answer.hidden = false;
    status.textContent = data.words.updated
      .replace("{channel}", data.channelLabels[findings[0][0]])
      .replace("{verdict}", data.verdictLabels[findings[0][1]]);
  }

  function capitalise(text) {
    return text.charAt(0).toUpperCase() + text.slice(1);
  }

  /* The language switch opens the same page in the other language with the same choice. */
  function keepInLanguageLinks(query) {
    var links = document.querySelectorAll("nav.language-switch a[hreflang]");
    Array.prototype.forEach.call(links, function (link) {
      if (!link.hasAttribute("data-base-href")) {
        link.setAttribute("data-base-href", link.getAttribute("href"));
      }
      link.setAttribute("href", link.getAttribute("data-base-href") + query);
    });
  }

  function show(state) {
    setForm(state);
    render(state);
    keepInLanguageLinks(queryOf(state));
  }

  function fromForm() {
    var state = stateFrom(new URLSearchParams(new FormData(form)));
    /* A platform given in the address is kept: the form does not ask for it. */
    var current = stateFrom(new URLSearchParams(window.location.search));
    data.dimensions.forEach(function (dimension) {
      if (form.elements.namedItem(dimension[0]) === null) {
        state.values[dimension[0]] = current.values[dimension[0]];
      }
    });
    return state;
  }

  function choose(moveFocus) {
    var state = fromForm();
    var query = queryOf(state);
    if (query !== window.location.search) {
      window.history.pushState(null, "", window.location.pathname + query);
    }
    render(state);
    keepInLanguageLinks(query);
    if (moveFocus && !answer.hidden) {
      title.focus();
    }
  }

  form.addEventListener("change", function () {
    choose(false);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    choose(true);
  });
  window.addEventListener("popstate", function () {
    show(stateFrom(new URLSearchParams(window.location.search)));
  });
  /* "Print this answer": the page prints the situation and the answer only (chooser.css),
     until the printing ends or the situation changes. */
  var printButton = document.querySelector(".chooser-print");
  var PRINTING = "chooser-print-answer";
  if (printButton) {
    printButton.addEventListener("click", function () {
      document.documentElement.classList.add(PRINTING);
      window.print();
    });
    window.addEventListener("afterprint", function () {
      document.documentElement.classList.remove(PRINTING);
    });
    form.addEventListener("change", function () {
      document.documentElement.classList.remove(PRINTING);
    });
  }
  form.classList.add("chooser-live");
  show(stateFrom(new URLSearchParams(window.location.search)));
})();
