extension Chart {
    /// Each band as filled polygons, one per run of placeable samples, clipped to the plot.
    func drawBands(_ layout: ChartLayout, into svg: inout SVGWriter) {
        let frame = layout.frame
        for (index, band) in bands.enumerated() {
            var runs: [[(PixelPoint, PixelPoint)]] = [[]]
            for sample in band.samples {
                if let high = frame.pixel(x: sample.x, y: sample.high),
                   let low = frame.pixel(x: sample.x, y: sample.low) {
                    runs[runs.count - 1].append((high, low))
                } else if !runs[runs.count - 1].isEmpty {
                    runs.append([])
                }
            }
            var d = ""
            for run in runs where run.count >= 2 {
                let polygon = run.map(\.0) + run.reversed().map(\.1)
                d += PathBuilder.closedPath(frame.rect.clip(polygon: polygon))
            }
            guard !d.isEmpty else { continue }
            let opacity = min(1, max(0, band.opacity.isFinite ? band.opacity : 0.2))
            svg.element("path", SVGWriter.painted("lrc-band", bandColor(index)) + [
                ("d", d), ("fill", "currentColor"), ("fill-opacity", NumberFormat.fixed(opacity, decimals: 3)),
                ("stroke", "none"),
            ])
        }
    }

    /// Reference lines, clipped to the plot.
    func drawReferenceLines(_ layout: ChartLayout, into svg: inout SVGWriter) {
        let frame = layout.frame, rect = frame.rect
        for line in lines {
            var ends: (PixelPoint, PixelPoint)?
            switch line.placement {
            case .horizontal(let y):
                if let py = frame.pixelY(y) {
                    ends = (PixelPoint(x: rect.left, y: py), PixelPoint(x: rect.right, y: py))
                }
            case .vertical(let x):
                if let px = frame.pixelX(x) {
                    ends = (PixelPoint(x: px, y: rect.top), PixelPoint(x: px, y: rect.bottom))
                }
            case let .segment(from, to):
                if let a = frame.pixel(x: from.x, y: from.y), let b = frame.pixel(x: to.x, y: to.y) { ends = (a, b) }
            }
            guard let (a, b) = ends, let (start, end) = rect.clip(a, b) else { continue }
            var path = PathBuilder()
            path.segment(start, end)
            svg.element("path", SVGWriter.painted("lrc-reference", line.color ?? .foreground)
                        + stroke(width: line.lineWidth, dash: line.dash, layout) + [("d", path.d)])
        }
    }

    /// Each series as one path broken at unplaceable points and clipped to the plot; isolated
    /// points get a dot so a one-point series still shows.
    func drawSeries(_ layout: ChartLayout, into svg: inout SVGWriter) {
        let frame = layout.frame, rect = frame.rect
        for (index, series) in series.enumerated() {
            let pixels = series.points.map { frame.pixel(x: $0.x, y: $0.y) }
            var path = PathBuilder()
            var dots: [PixelPoint] = []
            for (i, pixel) in pixels.enumerated() {
                guard let pixel else { continue }
                if i + 1 < pixels.count, let next = pixels[i + 1], let (a, b) = rect.clip(pixel, next) {
                    path.segment(a, b)
                }
                let isolated = (i == 0 || pixels[i - 1] == nil) && (i + 1 == pixels.count || pixels[i + 1] == nil)
                if (series.showsPoints || isolated) && rect.contains(pixel) { dots.append(pixel) }
            }
            guard !path.d.isEmpty || !dots.isEmpty else { continue }
            let color = seriesColor(index)
            svg.open("g", SVGWriter.painted("lrc-series", color)
                     + [("data-name", series.name.isEmpty ? nil : series.name)])
            if !path.d.isEmpty {
                svg.element("path", stroke(width: series.lineWidth, dash: series.dash, layout)
                            + [("stroke-linejoin", "round"), ("stroke-linecap", "round"), ("d", path.d)])
            }
            let radius = max(series.lineWidth * 1.2, 1.5) * layout.metrics.strokeScale
            for dot in dots { svg.element("circle", circle(dot, radius: radius)) }
            svg.close("g")
        }
    }

    /// Scatter points with their error bars; points outside the plot are skipped and error bars
    /// clipped.
    func drawScatters(_ layout: ChartLayout, into svg: inout SVGWriter) {
        let frame = layout.frame, rect = frame.rect
        let scale = layout.metrics.strokeScale
        for (index, scatter) in scatters.enumerated() {
            var bars = PathBuilder()
            var dots: [PixelPoint] = []
            for point in scatter.points {
                guard let center = frame.pixel(x: point.x, y: point.y), rect.contains(center) else { continue }
                dots.append(center)
                let low = point.low.flatMap(frame.pixelY) ?? center.y
                let high = point.high.flatMap(frame.pixelY) ?? center.y
                guard low != high, let (a, b) = rect.clip(PixelPoint(x: center.x, y: low),
                                                          PixelPoint(x: center.x, y: high)) else { continue }
                bars.segment(a, b)
                let cap = 4 * scale
                for y in [low, high] where y != center.y && y >= rect.top && y <= rect.bottom {
                    bars.segment(PixelPoint(x: center.x - cap, y: y), PixelPoint(x: center.x + cap, y: y))
                }
            }
            guard !dots.isEmpty else { continue }
            svg.open("g", SVGWriter.painted("lrc-scatter", scatterColor(index))
                     + [("data-name", scatter.name.isEmpty ? nil : scatter.name)])
            if !bars.d.isEmpty {
                svg.element("path", stroke(width: 1.5, dash: .solid, layout)
                            + [("class", "lrc-error-bars"), ("d", bars.d)])
            }
            for dot in dots { svg.element("circle", circle(dot, radius: scatter.radius * max(scale, 0.6))) }
            svg.close("g")
        }
    }

    /// Marker dots with their labels (labels only in full renders), kept inside the plot.
    func drawMarkers(_ layout: ChartLayout, into svg: inout SVGWriter) {
        let frame = layout.frame, rect = frame.rect, metrics = layout.metrics
        let c = NumberFormat.coordinate
        var labels = LabelPlacer(bounds: rect, fontSize: metrics.fontSize)
        let shown = markers.compactMap { marker in
            frame.pixel(x: marker.x, y: marker.y).flatMap { rect.contains($0) ? (marker, $0) : nil }
        }
        // Every dot first, so no label lands on a dot drawn after it.
        let radius = metrics.markerRadius + 1
        for (_, dot) in shown {
            labels.reserve(PixelRect(left: dot.x - radius, top: dot.y - radius, right: dot.x + radius, bottom: dot.y + radius))
        }
        for (marker, dot) in shown {
            svg.open("g", SVGWriter.painted("lrc-marker", marker.color ?? .foreground))
            if marker.showsGuide {
                var guide = PathBuilder()
                guide.segment(dot, PixelPoint(x: dot.x, y: rect.bottom))
                svg.element("path", stroke(width: 1, dash: .dotted, layout) + [("d", guide.d)])
            }
            svg.element("circle", circle(dot, radius: metrics.markerRadius)
                        + [("stroke", "#ffffff"), ("stroke-width", c(metrics.strokeScale)),
                           ("class", "lrc-marker-dot lrc-halo")])
            if metrics.showsText && !marker.label.isEmpty {
                let width = RenderMetrics.textWidth(marker.label, size: metrics.fontSize)
                let spot = labels.place(width: width, near: dot)
                svg.element("text", [("class", "lrc-marker-label lrc-halo"), ("x", c(spot.x)), ("y", c(spot.y)),
                                     ("text-anchor", spot.anchorsEnd ? "end" : "start"), ("fill", "currentColor"),
                                     ("stroke", "#ffffff"), ("stroke-width", "3"), ("stroke-linejoin", "round"),
                                     ("paint-order", "stroke")],
                            text: marker.label)
            }
            svg.close("g")
        }
    }

    func stroke(width: Double, dash: Dash, _ layout: ChartLayout) -> [(String, String?)] {
        let scaled = max(0.5, (width.isFinite ? width : 1) * layout.metrics.strokeScale)
        return [("fill", "none"), ("stroke", "currentColor"), ("stroke-width", NumberFormat.coordinate(scaled)),
                ("stroke-dasharray", dash.dashArray(strokeWidth: scaled))]
    }

    func circle(_ center: PixelPoint, radius: Double) -> [(String, String?)] {
        let c = NumberFormat.coordinate
        return [("cx", c(center.x)), ("cy", c(center.y)), ("r", c(radius)), ("fill", "currentColor")]
    }
}
