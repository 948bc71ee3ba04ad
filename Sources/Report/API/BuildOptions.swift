import Foundation

/// What `report build` reads and where it writes.
public struct BuildOptions: Sendable {
    public var contentDirectory: URL
    public var templatesDirectory: URL
    public var outputDirectory: URL
    /// Extra folders of run and group folders, besides `<content>/runs`.
    public var runDirectories: [URL]
    public var includeDrafts: Bool
    /// Overrides `baseURL` from site.yml for the feed and sitemap.
    public var baseURL: String?
    /// Skip bad posts and runs (reported as warnings) instead of failing.
    public var keepGoing: Bool
    /// KaTeX's folder (katex.min.js, katex.min.css, fonts/), read only when a post has math;
    /// Debian's libjs-katex by default.
    public var katexDirectory: URL = URL(fileURLWithPath: "/usr/share/javascript/katex")

    public init(contentDirectory: URL, templatesDirectory: URL, outputDirectory: URL,
                runDirectories: [URL] = [], includeDrafts: Bool = false, baseURL: String? = nil,
                keepGoing: Bool = false) {
        self.contentDirectory = contentDirectory
        self.templatesDirectory = templatesDirectory
        self.outputDirectory = outputDirectory
        self.runDirectories = runDirectories
        self.includeDrafts = includeDrafts
        self.baseURL = baseURL
        self.keepGoing = keepGoing
    }
}

/// What a finished build did.
public struct BuildReport: Sendable {
    /// Files written, relative to the output folder.
    public var pages: [String]
    /// Problems skipped under `--keep-going`, one message each.
    public var warnings: [String]
    /// Stale files removed from the output folder.
    public var removed: [String]
    /// Wall-clock seconds per phase (load, render, check links, write), in order.
    public var phases: [(phase: String, seconds: Double)] = []
}
