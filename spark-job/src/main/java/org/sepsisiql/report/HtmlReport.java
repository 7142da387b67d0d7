package org.sepsisiql.report;

import java.util.List;

/**
 * Assembles the report page from its sections: one self-contained HTML document with inline CSS,
 * charts as data URIs, no scripts and no external fonts, so it opens offline and can be mailed or
 * archived as one file. Every text from the inputs is escaped by {@link Html}.
 */
final class HtmlReport {
  private static final String CSS =
      """
      body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;
        margin:0 auto;max-width:1180px;padding:16px 24px;color:#222;line-height:1.45}
      h1{font-size:1.6em;margin-bottom:0.2em} h2{border-bottom:2px solid #0072B2;padding-bottom:4px;
        margin-top:1.8em}
      nav a{margin-right:12px} table{border-collapse:collapse;margin:10px 0;font-size:0.92em}
      th,td{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}
      th{background:#f0f4f8} tbody tr:nth-child(even){background:#fafafa}
      .note{background:#f6f8fa;border-left:4px solid #0072B2;padding:8px 12px;margin:8px 0;
        font-size:0.92em}
      .invalid{color:#a33;font-style:italic} .na{color:#888;font-style:italic}
      .ci{color:#555} .pass{color:#fff;background:#1a7f37;padding:1px 6px;border-radius:3px}
      .fail{color:#fff;background:#c62828;padding:1px 6px;border-radius:3px}
      figure{margin:12px 0} figcaption{font-size:0.85em;color:#555}
      img.chart{max-width:100%;height:auto;border:1px solid #eee}
      .pair{display:flex;flex-wrap:wrap;gap:16px}
      """;

  private HtmlReport() {}

  static String render(String title, List<Section> sections) {
    StringBuilder html = new StringBuilder(1 << 16);
    html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    html.append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    html.append("<title>").append(Html.text(title)).append("</title>\n");
    html.append("<style>\n").append(CSS).append("</style>\n</head>\n<body>\n");
    html.append("<h1>").append(Html.text(title)).append("</h1>\n<nav>");
    for (Section section : sections) {
      html.append("<a href=\"#")
          .append(Html.text(section.id()))
          .append("\">")
          .append(Html.text(section.title()))
          .append("</a>");
    }
    html.append("</nav>\n");
    for (Section section : sections) {
      html.append("<section id=\"").append(Html.text(section.id())).append("\">\n");
      html.append("<h2>").append(Html.text(section.title())).append("</h2>\n");
      html.append(section.body()).append("</section>\n");
    }
    return html.append("</body>\n</html>\n").toString();
  }
}
