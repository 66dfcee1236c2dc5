/* The policy builder on how-to/build-your-policy (docs/_ext/policy_builder.py).
 *
 * policy-builder-data.js holds every line the form can put on the policy, written
 * at build time from the rules package in the page's language: each line's words,
 * its verdict, the conditions the rules attach, the problems the audit finds and its
 * [[allow]] table.  This script only picks the lines the form names and fills the
 * sheet: no verdict logic lives here.  Nothing the reader types leaves the page: it
 * is not put in the address, not stored and not sent; the policy file is made in
 * the browser.  No framework, no eval, no inline code.
 */
(function () {
  "use strict";

  var data = window.policyBuilderData;
  var form = document.getElementById("policy-builder");
  if (!data || !form) {
    return;
  }
  var output = document.getElementById("policy-output");
  var sheet = document.getElementById("policy-sheet");
  var status = document.getElementById("builder-status");
  var linesBox = document.getElementById("builder-lines");
  var words = data.words;
  var strings = data.strings;

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

  function sectorNamed(id) {
    for (var i = 0; i < data.sectors.length; i++) {
      if (data.sectors[i].id === id) {
        return data.sectors[i];
      }
    }
    return data.sectors[0];
  }

  function field(name) {
    return form.elements.namedItem(name);
  }

  function checkedValue(name) {
    var checked = form.querySelector('input[name="' + name + '"]:checked');
    return checked ? checked.value : null;
  }

  /* The WhatsApp phone's line number: ((contacts * 16) + mask) * 2 + secrecy. */
  function whatsappIndex(contacts, mask, secrecy) {
    return ((contacts * 16) + mask) * 2 + (secrecy ? 1 : 0);
  }

  /* A sector's ready policy in the form: its lines ticked, its secrecy, its phone. */
  function applySector(sector) {
    linesBox.querySelectorAll(".builder-option").forEach(function (node) {
      node.remove();
    });
    sector.lines.forEach(function (line, number) {
      var row = line.rows[0];
      var ident = "builder-line-" + number;
      var option = element("div", "builder-option");
      var input = element("input");
      input.type = "checkbox";
      input.id = ident;
      input.name = "line";
      input.value = String(number);
      input.checked = true;
      var text = strings[row[2]] + ": " + strings[row[3]] + " (" + strings[row[4]] + ")";
      var labelNode = element("label", "", text);
      labelNode.htmlFor = ident;
      option.appendChild(input);
      option.appendChild(labelNode);
      linesBox.appendChild(option);
    });
    field("secrecy").checked = sector.secrecy;
    field("marketing").checked = false;
    var phone = sector.whatsappLine;
    field("whatsapp").checked = phone !== null;
    var contacts = phone === null ? data.contacts.indexOf("no-access") : Math.floor(phone / 32);
    var mask = phone === null ? 1 : Math.floor(phone / 2) % 16;
    form.querySelectorAll('input[name="contacts"]').forEach(function (input) {
      input.checked = input.value === data.contacts[contacts];
    });
    form.querySelectorAll('input[name="for"]').forEach(function (input) {
      input.checked = (mask & (1 << data.whatsappContents.indexOf(input.value))) !== 0;
    });
  }

  /* What the form says, as plain values. */
  function readForm() {
    var sector = sectorNamed(checkedValue("sector"));
    var secrecy = field("secrecy").checked;
    var staff = parseInt(field("staff").value, 10);
    var state = {
      sector: sector,
      secrecy: secrecy,
      name: field("name").value.trim(),
      product: field("product").value.trim(),
      contact: field("contact").value.trim(),
      staff: Math.min(Math.max(isNaN(staff) ? 1 : staff, 1), data.maxStaff),
      lines: []
    };
    var chosen = {};
    form.querySelectorAll('input[name="line"]:checked').forEach(function (input) {
      chosen[input.value] = true;
    });
    var phone = null;
    if (field("whatsapp").checked) {
      var mask = 0;
      form.querySelectorAll('input[name="for"]:checked').forEach(function (input) {
        mask |= 1 << data.whatsappContents.indexOf(input.value);
      });
      var contacts = data.contacts.indexOf(checkedValue("contacts"));
      if (mask && contacts >= 0) {
        phone = { row: data.whatsapp[whatsappIndex(contacts, mask, secrecy)],
                  note: sector.whatsappNote };
      }
    }
    sector.lines.forEach(function (line, number) {
      if (phone && number === sector.whatsappAt) {
        state.lines.push(phone);
      }
      if (chosen[String(number)]) {
        state.lines.push({ row: line.rows[secrecy ? 1 : 0], note: line.note });
      }
    });
    if (phone && (sector.whatsappAt < 0 || sector.whatsappAt >= sector.lines.length)) {
      state.lines.push(phone);
    }
    if (field("marketing").checked) {
      state.lines.push({ row: data.marketing[secrecy ? 1 : 0], note: -1 });
    }
    return state;
  }

  /* The team's note for a line: the ready policy's, and the messenger's name on its line. */
  function noteOf(line, state) {
    var parts = [];
    if (line.note >= 0) {
      parts.push(strings[line.note]);
    }
    if (state.product && line.row[0].indexOf("business-messenger") >= 0) {
      parts.push(words.messenger.replace("{product}", state.product));
    }
    return parts.join(" ");
  }

  function list(items, className) {
    var node = element("ul", className);
    items.forEach(function (text) {
      node.appendChild(element("li", "", text));
    });
    return node;
  }

  function table(className, headings, rows) {
    var node = element("table", className);
    var head = node.createTHead().insertRow();
    headings.forEach(function (text) {
      var cell = element("th", "", text);
      cell.scope = "col";
      head.appendChild(cell);
    });
    var body = node.createTBody();
    rows.forEach(function (row) {
      body.appendChild(row);
    });
    return node;
  }

  function emptyRows(count, cells) {
    var rows = [];
    for (var i = 0; i < count; i++) {
      var row = element("tr");
      for (var j = 0; j < cells; j++) {
        row.appendChild(element("td"));
      }
      rows.push(row);
    }
    return rows;
  }

  function channelRow(line, state) {
    var row = line.row;
    var tr = element("tr");
    tr.setAttribute("data-channel", row[0].join(" "));
    tr.setAttribute("data-verdict", row[1]);
    var channel = element("td");
    channel.appendChild(element("strong", "", strings[row[2]]));
    tr.appendChild(channel);
    tr.appendChild(element("td", "", strings[row[3]]));
    var what = element("td", "", strings[row[4]]);
    if (row[5] >= 0) {
      what.appendChild(element("br"));
      what.appendChild(element("span", "policy-circumstances", "(" + strings[row[5]] + ")"));
    }
    tr.appendChild(what);
    var notes = element("td");
    if (row[6].length) {
      notes.appendChild(list(row[6].map(function (n) { return strings[n]; })));
    }
    var note = noteOf(line, state);
    if (note) {
      notes.appendChild(element("p", "policy-note", note));
    }
    tr.appendChild(notes);
    return tr;
  }

  /* The problems of all lines, each once, in the order of the lines. */
  function problemsOf(state) {
    var seen = {};
    var found = [];
    state.lines.forEach(function (line) {
      line.row[7].forEach(function (problem) {
        if (!seen[problem[3]]) {
          seen[problem[3]] = true;
          found.push(problem);
        }
      });
    });
    return found;
  }

  function heading(level, text) {
    return element("h" + level, "", text);
  }

  function render(state) {
    var sector = state.sector;
    var problems = problemsOf(state);
    var used = {};
    state.lines.forEach(function (line) {
      line.row[0].forEach(function (channel) {
        used[channel] = true;
      });
    });
    var parts = [];
    var title = heading(3, state.name || sector.name);
    title.className = "policy-name";
    parts.push(element("p", "policy-kind", data.title));
    parts.push(title);
    var description = [sector.description, state.secrecy ? words.secrecy : ""];
    parts.push(element("p", "policy-description", description.join(" ").trim()));
    if (problems.length) {
      var box = element("div", "policy-problems");
      var intro = element("p");
      intro.appendChild(element("strong", "", words.problems));
      box.appendChild(intro);
      var items = element("ul");
      problems.forEach(function (problem) {
        var item = element("li", "", strings[problem[3]]);
        item.setAttribute("data-problem-channel", problem[0]);
        item.setAttribute("data-problem-verdict", problem[1]);
        item.setAttribute("data-rules", problem[2].join(" "));
        items.appendChild(item);
      });
      box.appendChild(items);
      parts.push(box);
    }
    parts.push(heading(4, words.which));
    parts.push(table("policy-channels", [words.channel, words["with"], words["for"], words.rules],
      state.lines.map(function (line) { return channelRow(line, state); })));
    var leftOut = data.channels.filter(function (channel) { return !used[channel]; });
    if (leftOut.length) {
      parts.push(heading(4, words["left-out"]));
      parts.push(element("p", "", words["left-out-intro"]));
      parts.push(list(leftOut.map(function (channel) {
        return data.channelLabels[data.channels.indexOf(channel)];
      }), "policy-left-out"));
    }
    var contact = state.contact || sector.contact;
    if (contact) {
      parts.push(heading(4, words.ask));
      parts.push(element("p", "", words["ask-intro"] + " " + contact));
    }
    var signatures = element("div", "policy-signatures");
    signatures.appendChild(heading(4, words.sign));
    signatures.appendChild(element("p", "", words["in-force"]));
    signatures.appendChild(table("policy-signature", [words.date, words.signature],
      emptyRows(1, 2)));
    signatures.appendChild(element("p", "", words.team));
    signatures.appendChild(table("policy-signature", [words.person, words.date, words.signature],
      emptyRows(state.staff, 3)));
    parts.push(signatures);
    var footer = problems.length ? [] : [words.clean];
    footer.push(words.legal);
    parts.push(element("p", "policy-footer", footer.join(" ")));
    sheet.textContent = "";
    parts.forEach(function (part) {
      sheet.appendChild(part);
    });
    output.hidden = false;
    var message = problems.length ? words["problems-found"] : words.updated;
    if (status.textContent !== message) {
      status.textContent = message;
    }
  }

  /* A TOML basic string (JSON's escapes are TOML's, but for DEL and lone surrogates). */
  function tomlString(text) {
    var clean = text.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(^|[^\ud800-\udbff])[\udc00-\udfff]/g,
      "$1");
    return JSON.stringify(clean).replace(/\u007f/g, "\\u007F");
  }

  function policyFile(state) {
    var file = "policy.toml";
    var lines = ["# " + words["file-comment"].replace("{file}", file), "", "[policy]"];
    lines.push("name = " + tomlString(state.name || state.sector.name));
    if (state.sector.description) {
      lines.push("description = " + tomlString(state.sector.description));
    }
    var contact = state.contact || state.sector.contact;
    if (contact) {
      lines.push("contact = " + tomlString(contact));
    }
    if (state.secrecy) {
      lines.push("professional_secrecy = true");
    }
    state.lines.forEach(function (line) {
      lines.push("", strings[line.row[8]]);
      var note = noteOf(line, state);
      if (note) {
        lines.push("note = " + tomlString(note));
      }
    });
    return { name: file, text: lines.join("\n") + "\n" };
  }

  function download() {
    var file = policyFile(readForm());
    var blob = new Blob([file.text], { type: "application/toml;charset=utf-8" });
    var url = URL.createObjectURL(blob);
    var link = element("a");
    link.href = url;
    link.download = file.name;
    link.hidden = true;
    document.body.appendChild(link);
    link.click();
    link.remove();
    window.setTimeout(function () {
      URL.revokeObjectURL(url);
    }, 1000);
  }

  function update() {
    render(readForm());
  }

  form.addEventListener("change", function (event) {
    if (event.target.name === "sector") {
      applySector(sectorNamed(event.target.value));
    }
    update();
  });
  form.addEventListener("input", function (event) {
    if (event.target.type === "text" || event.target.type === "number") {
      update();
    }
  });
  /* Enter in a text box must neither reload the page nor put an entry in the address. */
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    update();
  });
  document.getElementById("builder-print").addEventListener("click", function () {
    window.print();
  });
  document.getElementById("builder-download").addEventListener("click", download);

  applySector(sectorNamed(checkedValue("sector")));
  form.hidden = false;
  form.classList.add("builder-live");
  update();
})();
