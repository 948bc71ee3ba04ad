import Foundation

/// The small scripts in `Templates/scripts/` that pages load where they add something
/// (interactive plots, copy buttons, math, search); each is copied to `assets/<name>.js`.
enum SiteScripts {
    static let names = ["code", "math", "plot", "search"]

    /// Path of script `name` from the site root.
    static func path(_ name: String) -> String { "assets/\(name).js" }
}

/// KaTeX from Debian's `libjs-katex`, copied into `assets/katex/` when a page has math.
///
/// The script, its stylesheet and its fonts are read from `BuildOptions.katexDirectory`
/// (`/usr/share/javascript/katex`), whose `fonts` folder the stylesheet refers to.
enum KaTeXAssets {
    static let stylesheetPath = "assets/katex/katex.min.css"
    static let scriptPath = "assets/katex/katex.min.js"
    static let defaultDirectory = URL(fileURLWithPath: "/usr/share/javascript/katex")

    /// The files to add to the site, keyed by output path; `usedBy` names a post with math for the error.
    static func files(from folder: URL, usedBy post: String) throws -> [String: Data] {
        func missing(_ what: String) -> ReportError {
            ReportError.io(path: folder.path, problem: "\(what) is missing, but \(post) has math. Install Debian's libjs-katex "
                           + "(scripts/install-system-packages does) or point `katexDirectory` (report --katex DIR) at a KaTeX folder")
        }
        var files: [String: Data] = [:]
        for (name, output) in [("katex.min.js", scriptPath), ("katex.min.css", stylesheetPath)] {
            guard let data = try? Data(contentsOf: folder.appendingEntry(name)) else { throw missing(name) }
            files[output] = data
        }
        let fonts = folder.appendingEntry("fonts")
        let names = ContentPath.sortedEntries(of: fonts).filter { $0.hasSuffix(".woff2") || $0.hasSuffix(".woff") || $0.hasSuffix(".ttf") }
        guard !names.isEmpty else { throw missing("fonts/") }
        for name in names {
            guard let data = try? Data(contentsOf: fonts.appendingEntry(name)) else { throw missing("fonts/\(name)") }
            files["assets/katex/fonts/" + name] = data
        }
        return files
    }
}
