import Crypto
import Foundation

/// The published answers board (`meyasu publish`): one self-contained Japanese HTML page of every
/// published answer, for the staff portal.
///
/// It shows, per proposal, its title and texts (already scrubbed of identifiers at import), the
/// answering department, the status, the day the answer was published and the answer. It never
/// shows a proposal id, the submission date, an actor, a draft or a note. Every text is escaped
/// and nothing entered becomes a link or an attribute, so `<script>`, quotes or `javascript:`
/// in a text stay text. A Content-Security-Policy allows no resource at all except the page's
/// own style and its one inline script (by hash), which only filters the list as one types;
/// without JavaScript the page shows every answer.
public struct AnswerBoardHTML {
    public let organization: Organization
    /// The day the page was made (YYYY-MM-DD), shown in its header.
    public let generatedOn: String

    public init(organization: Organization, generatedOn: String) {
        self.organization = organization
        self.generatedOn = generatedOn
    }

    /// Filters the articles by the words typed; reads text only (never writes markup).
    static let script = """
        (function () {
          var box = document.getElementById("q");
          var count = document.getElementById("count");
          var items = Array.prototype.slice.call(document.querySelectorAll("article"));
          function fold(s) { return s.normalize("NFKC").toLowerCase(); }
          var texts = items.map(function (a) { return fold(a.textContent); });
          box.parentNode.hidden = false;
          box.addEventListener("input", function () {
            var words = fold(box.value).split(/\\s+/).filter(Boolean);
            var shown = 0;
            items.forEach(function (a, i) {
              var hit = words.every(function (w) { return texts[i].indexOf(w) >= 0; });
              a.hidden = !hit;
              if (hit) { shown += 1; }
            });
            count.textContent = words.length ? shown + "件が一致" : "";
          });
        })();
        """

    /// The CSP source for `script`: its SHA-256, base64.
    static var scriptHash: String {
        "sha256-" + Data(SHA256.hash(data: Data(script.utf8))).base64EncodedString()
    }

    public func render(_ answers: [PublishedAnswer]) -> String {
        let esc = HTMLText.escape
        var articles = ""
        for answer in answers {
            let section = organization.department(answer.department)?.section ?? answer.department
            articles += "<article>\n<h2>\(esc(answer.title))</h2>\n"
            articles += "<p class=\"meta\"><span class=\"status\">\(esc(answer.status))</span> 回答: \(esc(section))・\(esc(answer.publishedOn))</p>\n"
            let texts = answer.texts.filter { !$0.text.isEmpty }
            if !texts.isEmpty {
                articles += "<details><summary>提案の内容</summary>\n"
                for field in texts {
                    articles += "<h3>\(esc(field.label))</h3>\n<p>\(HTMLText.paragraph(field.text))</p>\n"
                }
                articles += "</details>\n"
            }
            articles += "<section class=\"reply\"><h3>回答</h3>\n<p>\(HTMLText.paragraph(answer.answer))</p></section>\n</article>\n"
        }
        if answers.isEmpty { articles = "<p>公開された回答はまだありません。</p>\n" }
        return """
            <!DOCTYPE html>
            <html lang="ja">
            <head>
            <meta charset="utf-8">
            <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src '\(Self.scriptHash)'; base-uri 'none'; form-action 'none'">
            <meta name="referrer" content="no-referrer">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>業務改善提案 回答公開板</title>
            <style>
            body { font-family: "Hiragino Sans", "Noto Sans JP", "Yu Gothic", Meiryo, sans-serif; margin: 2em auto; max-width: 60em; padding: 0 1em; color: #1a1a1a; line-height: 1.6; }
            h1 { font-size: 1.4em; } h2 { font-size: 1.1em; margin: 0 0 0.3em; } h3 { font-size: 0.95em; margin: 0.8em 0 0.2em; }
            article { border: 1px solid #c8c8c8; border-radius: 4px; padding: 0.8em 1em; margin: 1em 0; }
            .meta { font-size: 0.85em; color: #444; margin: 0 0 0.5em; }
            .status { display: inline-block; background: #1f5fa8; color: #fff; border-radius: 3px; padding: 0 0.5em; margin-right: 0.5em; }
            .reply { background: #f3f6fa; padding: 0.2em 0.8em 0.6em; border-left: 4px solid #1f5fa8; }
            .search input { font-size: 1em; padding: 0.3em; width: 20em; max-width: 100%; }
            </style>
            </head>
            <body>
            <header>
            <h1>業務改善提案への回答</h1>
            <p>公開された回答 \(answers.count)件（\(esc(generatedOn)) 作成）。提案者が分かる情報は載せていません。</p>
            <p class="search" hidden><label for="q">キーワードで絞り込む</label> <input id="q" type="search" autocomplete="off"> <span id="count" aria-live="polite"></span></p>
            </header>
            <main>
            \(articles)</main>
            <script>\(Self.script)</script>
            </body>
            </html>

            """
    }
}
