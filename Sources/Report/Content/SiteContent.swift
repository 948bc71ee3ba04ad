import Foundation

/// Everything a build renders: config, posts (newest first), runs and groups with their page names.
public struct SiteContent: Sendable {
    public var config: SiteConfig
    public var posts: [Post]
    /// Runs sorted by id.
    public var runs: [RunArtifacts]
    /// Groups sorted by id.
    public var groups: [GroupArtifacts]
    /// Page name (file name without `.html`) per run id and per group id.
    var runSlugs: [String: String] = [:]
    var groupSlugs: [String: String] = [:]
    private var runIndex: [String: Int] = [:]
    private var groupIndex: [String: Int] = [:]
    /// Messages for posts and runs skipped under `--keep-going`.
    public var warnings: [String] = []
    /// Posts grouped by their `series` key.
    var series = SeriesIndex()

    init(config: SiteConfig, posts: [Post], runs: [RunArtifacts], groups: [GroupArtifacts]) {
        self.config = config
        self.posts = posts
        self.runs = runs.sorted { $0.id < $1.id }
        self.groups = groups.sorted { $0.id < $1.id }
        for (index, run) in self.runs.enumerated() { runIndex[run.id] = index }
        for (index, group) in self.groups.enumerated() { groupIndex[group.id] = index }
        var allocator = SlugAllocator()
        for run in self.runs { runSlugs[run.id] = allocator.claim(Self.pageName(for: run.id)) }
        allocator = SlugAllocator()
        for group in self.groups { groupSlugs[group.id] = allocator.claim(Self.pageName(for: group.id)) }
    }

    /// Ids in the artifact alphabet are used as is; anything else is slugged.
    static func pageName(for id: String) -> String {
        let plain = !id.isEmpty && id.utf8.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 45 }
        return plain ? id : Slug.make(id)
    }

    func run(_ id: String) -> RunArtifacts? {
        runIndex[id].map { runs[$0] }
    }

    func group(_ id: String) -> GroupArtifacts? {
        groupIndex[id].map { groups[$0] }
    }

    /// Ids of runs and groups, for close-match hints.
    var citableIDs: [String] { runs.map(\.id) + groups.map(\.id) }
}
