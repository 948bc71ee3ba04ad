/// The data range an axis shows, resolved from an explicit domain or from the chart's data.
extension Chart {
    /// Finite x values the chart draws (points that cannot be placed on both axes are ignored).
    func xValues() -> [Double] {
        var values: [Double] = []
        for series in series {
            for point in series.points where placeable(point.x, point.y) { values.append(point.x) }
        }
        for band in bands {
            for sample in band.samples where placeable(sample.x, sample.low) && yAxis.scale.accepts(sample.high) {
                values.append(sample.x)
            }
        }
        for scatter in scatters {
            for point in scatter.points where placeable(point.x, point.y) { values.append(point.x) }
        }
        for line in lines {
            switch line.placement {
            case .vertical(let x): values.append(x)
            case .horizontal: break
            case let .segment(from, to): values += [from.x, to.x]
            }
        }
        for marker in markers where placeable(marker.x, marker.y) { values.append(marker.x) }
        return values.filter(xAxis.scale.accepts)
    }

    /// Finite y values the chart draws, including band edges and error bar ends.
    func yValues() -> [Double] {
        var values: [Double] = []
        for series in series {
            for point in series.points where placeable(point.x, point.y) { values.append(point.y) }
        }
        for band in bands {
            for sample in band.samples where placeable(sample.x, sample.low) && yAxis.scale.accepts(sample.high) {
                values += [sample.low, sample.high]
            }
        }
        for scatter in scatters {
            for point in scatter.points where placeable(point.x, point.y) {
                values += [point.y, point.low, point.high].compactMap { $0 }
            }
        }
        for line in lines {
            switch line.placement {
            case .horizontal(let y): values.append(y)
            case .vertical: break
            case let .segment(from, to): values += [from.y, to.y]
            }
        }
        for marker in markers where placeable(marker.x, marker.y) { values.append(marker.y) }
        return values.filter(yAxis.scale.accepts)
    }

    func placeable(_ x: Double, _ y: Double) -> Bool {
        xAxis.scale.accepts(x) && yAxis.scale.accepts(y)
    }
}

extension Axis {
    /// The shown domain in transformed units (log10 of the data on log axes).
    ///
    /// - Parameters:
    ///   - values: the data values on this axis, already filtered to placeable ones.
    ///   - tickCount: about how many ticks fit, used to round a fitted linear domain outward.
    ///   - name: "x" or "y", for errors.
    /// - Throws: `ChartError.invalidDomain` for an explicit domain the scale cannot show.
    func resolvedDomain(values: [Double], tickCount: Int, name: String) throws -> ClosedRange<Double> {
        if let domain {
            guard let low = scale.transform(domain.lowerBound), let high = scale.transform(domain.upperBound) else {
                let reason = scale == .log10 ? "a log axis needs bounds above zero" : "bounds must be finite"
                throw ChartError.invalidDomain(axis: name, lower: domain.lowerBound, upper: domain.upperBound,
                                               reason: reason)
            }
            return low < high ? low...high : padded(low)
        }
        let transformed = values.compactMap(scale.transform)
        guard let low = transformed.min(), let high = transformed.max() else {
            return 0...1  // 0...1 linear, 1...10 on a log axis
        }
        let range = low < high ? low...high : padded(low)
        switch scale {
        case .linear:
            return TickGenerator.niceDomain(lower: range.lowerBound, upper: range.upperBound, count: tickCount)
        case .log10:
            let margin = 0.04 * (range.upperBound - range.lowerBound)
            return (range.lowerBound - margin)...(range.upperBound + margin)
        }
    }

    /// A range around a single transformed value: ±10 % (±1 around zero) on linear axes, half a
    /// decade either way on log axes.
    private func padded(_ value: Double) -> ClosedRange<Double> {
        switch scale {
        case .linear:
            let half = value == 0 ? 1 : abs(value) * 0.1
            return (value - half)...(value + half)
        case .log10:
            return (value - 0.5)...(value + 0.5)
        }
    }

    /// Ticks for `domain` (transformed units) in data units.
    func ticks(domain: ClosedRange<Double>, count: Int) -> AxisTicks {
        let data = scale.inverse(domain.lowerBound)...scale.inverse(domain.upperBound)
        if let ticks { return TickGenerator.explicitTicks(ticks, domain: data, scale: scale) }
        switch scale {
        case .linear: return TickGenerator.linearTicks(domain: data, count: count)
        case .log10: return TickGenerator.logTicks(domain: data, maxLabels: count + 3)
        }
    }
}
