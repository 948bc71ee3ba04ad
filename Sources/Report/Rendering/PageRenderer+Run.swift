import ArtifactSchema
import CurveAnalysis
import Foundation

extension PageRenderer {
    /// Values for `partials/run-card` and the run page; links start with `root`.
    func runContext(_ run: RunArtifacts, root: String) -> [String: Any] {
        let manifest = run.manifest
        let folder = root + runFolder(run.id)
        let suggestions = manifest.suggestions ?? [:]
        let suggestionRows: [[String: Any]] = CurveNarrative.orderedSuggestionNames(suggestions.keys).map { name in
            let suggestion = suggestions[name]!
            var row: [String: Any] = ["name": name, "meaning": CurveNarrative.suggestionMeanings[name] ?? "",
                                      "hasLR": suggestion.lr != nil]
            if let lr = suggestion.lr {
                row["lr"] = LRFormat.string(lr)
                row["loss"] = suggestion.loss.map(LRFormat.loss) ?? "–"
            } else {
                row["reason"] = suggestion.reason ?? "not computed"
            }
            return row
        }
        let isRangeTest = RunArtifacts.isRangeTest(manifest)
        var caption = isRangeTest ? "Loss against learning rate (log scale)" : "Loss against iteration"
        if run.plotDrawnFromMetrics { caption += ", drawn by the report from metrics.csv (the run wrote no plot)" }
        var values: [String: Any] = [
            "id": run.id,
            "href": root + runPath(run.id),
            "anchor": "run-" + (site.runSlugs[run.id] ?? Slug.make(run.id)),
            "plot": folder + "/" + RunFiles.plot,
            "caption": caption,
            "hasPlot": run.hasPlot,
            "status": manifest.status.rawValue,
            "statusClass": Slug.make(manifest.status.rawValue),
            "suggestions": suggestionRows,
            "hasSuggestions": !suggestionRows.isEmpty,
            "settings": RunSettings.rows(manifest).map { ["name": $0.name, "value": $0.value] },
            "flags": CurveNarrative.flagSentences(manifest).map { ["flag": $0.flag, "text": $0.text] },
            "files": run.files.map { ["name": $0, "href": folder + "/" + $0] },
        ]
        values["sentence"] = CurveNarrative.summary(of: manifest)
        values["noise"] = CurveNarrative.noiseSentence(manifest)
        values["error"] = manifest.error
        values["stability"] = StabilityTable.context(manifest.stability)
        values["unfinished"] = Self.unfinishedNotice(run)
        if let groupID = manifest.group, site.group(groupID) != nil {
            values["group"] = ["id": groupID, "href": root + groupPath(groupID)]
        }
        return values
    }

    /// The page of one run, with the posts that cite it.
    func runPage(_ run: RunArtifacts, citedBy posts: [Post]) -> Data {
        let root = "../"
        var context = runCards[run.id]?.context.values ?? runContext(run, root: root)
        context["openSettings"] = true
        let data = RunDetailTables.dataRows(run.json).map { ["name": $0.name, "value": $0.value] }
        let environment = RunDetailTables.environmentRows(run.json).map { ["name": $0.name, "value": $0.value] }
        if !data.isEmpty { (context["dataRows"], context["hasData"]) = (data, true) }
        if !environment.isEmpty { (context["environmentRows"], context["hasEnvironment"]) = (environment, true) }
        if run.plotDrawnFromMetrics {
            context["files"] = run.files.map { name -> [String: Any] in
                ["name": name, "href": "../" + runFolder(run.id) + "/" + name,
                 "note": name == RunFiles.plot ? "drawn by the report from metrics.csv" : ""]
            }
        }
        let plot = InteractivePlot.run(run)
        if let plot { context["interactivePlot"] = ["svg": plot.svg, "json": plot.json] }
        let citing = posts.map { ["title": $0.title, "href": root + Self.postPath($0.slug)] }
        return page("run", title: "Run \(run.id)",
                    description: context["sentence"] as? String ?? CurveNarrative.summary(of: run.manifest), root: root,
                    context: ["run": context, "citingPosts": citing, "hasCitingPosts": !citing.isEmpty],
                    scripts: plot == nil ? [] : [SiteScripts.path("plot")])
    }

    /// The artifact files copied next to the run page, keyed by output path (bytes read at load time).
    func runFiles(_ run: RunArtifacts) -> [String: Data] {
        var files: [String: Data] = [:]
        for name in run.files { files[runFolder(run.id) + "/" + name] = run.contents[name] }
        return files
    }

    /// What the page says about a run that stopped without a full record; nil for a finished run.
    static func unfinishedNotice(_ run: RunArtifacts) -> String? {
        guard run.isUnfinished else { return nil }
        let batches = run.metricRows == 1 ? "1 batch" : "\(run.metricRows) batches"
        var text: String
        switch run.manifest.status {
        case .running:
            text = "run.json still says running and records no end: the process stopped without finishing "
                + "(killed, out of memory) or is still going. Shown: the \(batches) in metrics.csv"
        case .interrupted:
            text = "the run was interrupted before it finished. Shown: the \(batches) it recorded"
        default:
            text = "the run \(run.manifest.status.rawValue) before it finished. Shown: the \(batches) it recorded"
        }
        if run.tornLineDropped { text += " (a last line cut short by the stop is left out)" }
        if run.plotDrawnFromMetrics { text += "; the plot is drawn from metrics.csv" }
        if !run.hasPlot { text += "; no batch was recorded, so there is no plot" }
        return text + "."
    }

    /// One line for run lists: the verified or valley suggestion.
    func suggestionSummary(_ manifest: RunManifest) -> String {
        guard let name = CurveNarrative.preferredSuggestion(manifest),
              let lr = manifest.suggestions?[name]?.lr else { return "–" }
        return "\(LRFormat.string(lr)) (\(name))"
    }
}
