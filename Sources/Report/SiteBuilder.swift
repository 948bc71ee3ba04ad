import Foundation

/// `report build`: loads content, renders every page, checks links, then writes the output folder.
public struct SiteBuilder {
    public var options: BuildOptions

    public init(options: BuildOptions) {
        self.options = options
    }

    /// Builds the site; nothing is written when content, templates or links are bad.
    @discardableResult
    public func build() throws -> BuildReport {
        let output = OutputDirectory(url: options.outputDirectory)
        try output.checkSafe(protecting: [options.contentDirectory, options.templatesDirectory] + options.runDirectories)
        let templates = try TemplateSet(folder: options.templatesDirectory)
        let site = try ContentLoader(options: options).load()
        let files = try render(site, templates: templates)
        let broken = LinkChecker.check(files)
        guard broken.isEmpty else { throw ReportError.brokenLinks(broken) }
        let removed = try output.write(files)
        return BuildReport(pages: files.keys.sorted(), warnings: site.warnings, removed: removed)
    }

    /// Every output file in memory, keyed by path relative to the output folder.
    func render(_ site: SiteContent, templates: TemplateSet) throws -> [String: Data] {
        let baseURL = options.baseURL ?? site.config.baseURL
        let renderer = PageRenderer(templates: templates, site: site, baseURL: baseURL)
        var files: [String: Data] = ["style.css": templates.stylesheet]
        files["index.html"] = renderer.homePage()
        files["archive.html"] = renderer.archivePage()
        files["runs.html"] = renderer.runsIndexPage()
        files["404.html"] = renderer.notFoundPage()
        files.merge(renderer.tagPages()) { new, _ in new }
        var citingPosts: [String: [Post]] = [:]
        var postDates: [String: String] = [:]
        for post in site.posts {
            let path = PageRenderer.postPath(post.slug)
            files[path] = renderer.postPage(post)
            postDates[path] = post.date
            let directiveIDs = RunDirective.substitutePlaceholders(post.frontMatter.body).tokens.map(\.directive.id)
            for id in Set(post.frontMatter.runs.map(\.id) + directiveIDs) { citingPosts[id, default: []].append(post) }
        }
        for run in site.runs {
            files[renderer.runPath(run.id)] = renderer.runPage(run, citedBy: citingPosts[run.id] ?? [])
            files.merge(try renderer.runFiles(run)) { new, _ in new }
        }
        for group in site.groups {
            files[renderer.groupPath(group.id)] = renderer.groupPage(group)
            files.merge(try renderer.groupFiles(group)) { new, _ in new }
        }
        files["feed.xml"] = AtomFeed.render(posts: site.posts, config: site.config, baseURL: baseURL)
        files["sitemap.xml"] = Sitemap.render(pages: Array(files.keys), postDates: postDates, baseURL: baseURL)
        return files
    }
}
