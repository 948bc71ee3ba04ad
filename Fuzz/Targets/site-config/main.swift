// Content/site.yml, the site-wide settings `report build` reads (YAML).
import Foundation
import FuzzSupport
import Report

let scratch = ScratchFile("site.yml")

FuzzTarget.run(seeds: {
    [("site.yml", Array("title: Notes\ndescription: \"Range tests\"\nauthor: Me\nbaseURL: https://example.org/lr/\nallowRawHTML: false\n".utf8))]
}) { bytes in
    scratch.write(bytes)
    _ = try? SiteConfig.load(from: URL(fileURLWithPath: scratch.path))
}
