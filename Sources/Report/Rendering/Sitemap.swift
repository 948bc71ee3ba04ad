import Foundation

/// `sitemap.xml` listing every HTML page but the 404 page.
enum Sitemap {
    /// Locations are absolute under `baseURL` when given (as the protocol wants), else relative paths.
    static func render(pages: [String], postDates: [String: String], baseURL: String?) -> Data {
        let base = baseURL.map { $0.hasSuffix("/") ? $0 : $0 + "/" } ?? ""
        var xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
        xml += "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
        for page in pages.sorted() where page.hasSuffix(".html") && page != "404.html" {
            xml += "<url><loc>\(HTMLEscaping.escape(base + page))</loc>"
            if let date = postDates[page] { xml += "<lastmod>\(date)</lastmod>" }
            xml += "</url>\n"
        }
        xml += "</urlset>\n"
        return Data(xml.utf8)
    }
}
