import Foundation

/// `report new`: a new post file with front matter, never overwriting.
public enum PostScaffold {
    /// Creates `<content>/posts/<date>-<slug>.md` and returns its URL; `date` is `YYYY-MM-DD`.
    public static func create(title: String, date: String, content: URL) throws -> URL {
        guard !title.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw ReportError.usage("the title is empty; run `report new \"My title\"`")
        }
        guard FrontMatter.isValidDate(date) else { throw ReportError.usage("date `\(date)` is not YYYY-MM-DD") }
        let folder = content.appendingEntry("posts")
        let url = folder.appendingEntry("\(date)-\(Slug.make(title)).md")
        guard !FileManager.default.fileExists(atPath: url.path) else {
            throw ReportError.io(path: url.path, problem: "already exists; choose another title or edit that file")
        }
        let escapedTitle = title.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        let text = """
        ---
        title: "\(escapedTitle)"
        date: \(date)
        summary: ""
        tags: []
        runs: []
        draft: true
        ---

        Write the notes here. Embed a run on its own line with `{{< run RUN-ID >}}`
        (or a sweep with `{{< group GROUP-ID >}}`) and list it under `runs:` above.

        """
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url, options: .withoutOverwriting)
        } catch {
            throw ReportError.io(path: url.path, problem: "cannot create the post (\(error.localizedDescription))")
        }
        return url
    }

    /// Today's date in UTC as `YYYY-MM-DD`.
    public static func today() -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter.string(from: Date())
    }
}
