import ArtifactSchema
import CurveAnalysis
import Foundation

extension PageRenderer {
    /// Values for `partials/group-card` and the group page.
    func groupContext(_ group: GroupArtifacts, root: String) -> [String: Any] {
        let manifest = group.manifest
        let folder = root + groupFolder(group.id)
        let labels = ["overlay": "Loss curves of all runs overlaid", "scaling": "Suggested LR against batch size"]
        let scaling = manifest.scaling.keys.sorted().map { name -> [String: Any] in
            switch manifest.scaling[name]! {
            case .fitted(let fit):
                let points = fit.points.map { point -> [String: Any] in
                    ["batchSize": point.batchSize, "median": LRFormat.string(point.median),
                     "low": LRFormat.string(point.low), "high": LRFormat.string(point.high)]
                }
                return ["name": name, "points": points,
                        "sentence": ScalingNarrative.sentence(fit: fit)]
            case .unavailable(let reason):
                return ["name": name, "points": [[String: Any]](), "sentence": "No slope was fitted: \(reason)."]
            }
        }
        var parts: [String] = []
        if let model = manifest.model { parts.append("model \(model)") }
        if let sizes = manifest.batchSizes { parts.append("batch sizes " + sizes.map(String.init).joined(separator: ", ")) }
        if let seeds = manifest.seeds { parts.append("seeds " + seeds.map(String.init).joined(separator: ", ")) }
        parts.append("\(manifest.runs.count) runs")
        return [
            "id": group.id,
            "href": root + groupPath(group.id),
            "anchor": "group-" + (site.groupSlugs[group.id] ?? Slug.make(group.id)),
            "description": ([manifest.kind ?? "sweep"] + parts).joined(separator: "; "),
            "charts": group.charts.map { ["src": folder + "/" + $0.file, "label": labels[$0.role] ?? $0.role, "id": group.id] },
            "scaling": scaling,
        ]
    }

    /// The page of one sweep: charts, member table, scaling fits.
    func groupPage(_ group: GroupArtifacts) -> Data {
        let root = "../"
        let members = group.manifest.runs.compactMap(site.run).map { run -> [String: Any] in
            ["id": run.id, "href": root + runPath(run.id),
             "batchSize": run.manifest.batchSize.map(String.init) ?? "–",
             "seed": run.manifest.seed.map(String.init) ?? "–",
             "status": run.manifest.status.rawValue, "unfinishedRun": run.isUnfinished,
             "suggestion": suggestionSummary(run.manifest)]
        }
        var context = groupContext(group, root: root)
        let unfinished = group.manifest.runs.compactMap(site.run).filter(\.isUnfinished).map(\.id)
        if !unfinished.isEmpty {
            context["unfinishedMembers"] = "\(unfinished.count) of \(group.manifest.runs.count) member runs did not finish "
                + "(" + unfinished.joined(separator: ", ") + "); their rows are marked and their curves are what they recorded."
        }
        var interactive = false
        context["charts"] = (context["charts"] as! [[String: Any]]).enumerated().map { index, chart in
            var chart = chart
            if let data = group.chartData[group.charts[index].file], let plot = InteractivePlot.chart(data) {
                chart["interactivePlot"] = ["svg": plot.svg, "json": plot.json]
                interactive = true
            }
            return chart
        }
        return page("group", title: "Sweep \(group.id)", root: root, context: ["group": context, "members": members],
                    scripts: interactive ? [SiteScripts.path("plot")] : [])
    }

    /// Chart files copied next to the group page, keyed by output path.
    func groupFiles(_ group: GroupArtifacts) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for chart in group.charts {
            guard let data = group.chartData[chart.file] else {
                let url = group.folder.appendingEntry(chart.file)
                throw ReportError.runArtifact(file: url.path, problem: "cannot read chart \(chart.file)")
            }
            files[groupFolder(group.id) + "/" + chart.file] = data
        }
        return files
    }
}
