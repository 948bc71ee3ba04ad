import XCTest
@testable import Charts

final class ChartRenderTests: XCTestCase {
    private func lrChart() throws -> Chart {
        var chart = Chart(title: "LR range test", xAxis: Axis(label: "learning rate", scale: .log10),
                          yAxis: Axis(label: "loss"))
        let lrs = (0..<60).map { pow(10, -7 + 8 * Double($0) / 59) }
        let losses = lrs.map { 2.3 - 1.5 / (1 + exp(-3 * (log10($0) + 3.5))) + (log10($0) > -0.5 ? 4 : 0) }
        chart.add(try Series(name: "loss", x: lrs, y: losses))
        chart.add(Marker(x: 1.4e-3, y: 1.5, label: "valley 1.4e-3"))
        return chart
    }

    func testOutputIsWellFormedAccessibleSVG() throws {
        let svg = try lrChart().renderSVG(width: 640, height: 400)
        let parsed = try ParsedSVG(svg)
        let root = try XCTUnwrap(parsed.elements.first)
        XCTAssertEqual(root.name, "svg")
        XCTAssertEqual(root.attributes["viewBox"], "0 0 640 400")
        XCTAssertEqual(root.attributes["role"], "img")
        XCTAssertEqual(parsed.all("title").first?.text, "LR range test")
        let desc = try XCTUnwrap(parsed.all("desc").first?.text)
        XCTAssertTrue(desc.contains("learning rate, log scale"), desc)
        XCTAssertTrue(desc.contains("valley 1.4e-3"), desc)
        XCTAssertTrue(svg.contains("prefers-color-scheme: dark"))
        for malformed in ["<svg><text>a</svg>", "<svg><text>a & b</text></svg>", "<svg>"] {
            XCTAssertThrowsError(try ParsedSVG(malformed), "the check rejects \(malformed)")
        }
    }

    func testRenderingTwiceIsByteIdentical() throws {
        let chart = try lrChart()
        XCTAssertEqual(try chart.renderSVG(), try chart.renderSVG())
        XCTAssertEqual(try chart.renderThumbnailSVG(), try chart.renderThumbnailSVG())
    }

    func testPointsMapToPlotPixels() throws {
        var chart = Chart(xAxis: Axis(scale: .log10, domain: 1e-4...1), yAxis: Axis(domain: 0...2), legend: .hidden)
        chart.add(Marker(x: 1e-2, y: 1.5, label: ""))
        chart.add(Marker(x: 1e-4, y: 0, label: ""))
        let layout = try ChartLayout(chart: chart, width: 640, height: 400, mode: .full)
        let rect = layout.frame.rect
        let middle = try XCTUnwrap(layout.frame.pixel(x: 1e-2, y: 1.5))
        XCTAssertEqual(middle.x, (rect.left + rect.right) / 2, accuracy: 1e-9)
        XCTAssertEqual(middle.y, rect.bottom - 0.75 * rect.height, accuracy: 1e-9)

        let dots = try ParsedSVG(chart.renderSVG(width: 640, height: 400)).all("circle", class: "lrc-marker-dot")
        XCTAssertEqual(dots.count, 2)
        XCTAssertEqual(try XCTUnwrap(dots[0].number("cx")), middle.x, accuracy: 0.005)
        XCTAssertEqual(try XCTUnwrap(dots[0].number("cy")), middle.y, accuracy: 0.005)
        XCTAssertEqual(try XCTUnwrap(dots[1].number("cx")), rect.left, accuracy: 0.005)
        XCTAssertEqual(try XCTUnwrap(dots[1].number("cy")), rect.bottom, accuracy: 0.005)
    }

    func testFrameCarriesItsDataToPixelMapping() throws {
        var chart = Chart(xAxis: Axis(scale: .log10, domain: 1e-4...1), yAxis: Axis(domain: 0...2), legend: .hidden)
        chart.add(Marker(x: 3e-3, y: 0.7, label: ""))
        let parsed = try ParsedSVG(chart.renderSVG(width: 640, height: 400))
        let frame = try XCTUnwrap(parsed.all("rect", class: "lrc-frame").first)
        XCTAssertEqual(frame.attributes["data-x-scale"], "log10")
        XCTAssertEqual(frame.attributes["data-x-domain"], "-4 0")
        XCTAssertEqual(frame.attributes["data-y-scale"], "linear")
        XCTAssertEqual(frame.attributes["data-y-domain"], "0 2")
        // A reader that knows only these attributes and the frame's box puts the point where the dot is.
        let left = try XCTUnwrap(frame.number("x")), top = try XCTUnwrap(frame.number("y"))
        let width = try XCTUnwrap(frame.number("width")), height = try XCTUnwrap(frame.number("height"))
        let dot = try XCTUnwrap(parsed.all("circle", class: "lrc-marker-dot").first)
        XCTAssertEqual(left + (log10(3e-3) + 4) / 4 * width, try XCTUnwrap(dot.number("cx")), accuracy: 0.01)
        XCTAssertEqual(top + height - 0.7 / 2 * height, try XCTUnwrap(dot.number("cy")), accuracy: 0.01)
    }

    func testColoursGoThroughVariablesWithTheAttributeColoursAsFallbacks() throws {
        var chart = Chart(legend: .hidden)
        chart.add(Series(name: "a", points: [ChartPoint(x: 0, y: 1), ChartPoint(x: 1, y: 2)], color: .palette(2)))
        let svg = try chart.renderSVG()
        XCTAssertTrue(svg.contains("class=\"lrc-series lrc-c2\" color=\"#009E73\""))
        XCTAssertTrue(svg.contains(".lrc-c2{color:var(--lrc-c2,#009E73)}"), "light: the same colour as the attribute")
        XCTAssertTrue(svg.contains("{.lrc-chart{color:var(--lrc-fg,#e2e2e2)}"), "dark mode keeps its own fallbacks")
        XCTAssertTrue(svg.contains(".lrc-c2{color:var(--lrc-c2,#2EC79A)}"))
        XCTAssertTrue(svg.contains("color=\"#222222\"") && svg.contains("fill=\"#ffffff\""))
    }

    func testTextIsEscaped() throws {
        var chart = Chart(title: "a & b's \"plot\"", xAxis: Axis(label: "x < y > z"))
        chart.add(Series(name: "<script>alert(1)</script>", points: [ChartPoint(x: 0, y: 1), ChartPoint(x: 1, y: 2)]))
        chart.add(Series(name: "second", points: [ChartPoint(x: 0, y: 2), ChartPoint(x: 1, y: 1)]))
        let svg = try chart.renderSVG()
        XCTAssertFalse(svg.contains("<script>"))
        XCTAssertTrue(svg.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        XCTAssertTrue(svg.contains("a &amp; b&apos;s &quot;plot&quot;"))
        let parsed = try ParsedSVG(svg)
        XCTAssertTrue(parsed.all("text").contains { $0.text == "<script>alert(1)</script>" })
        XCTAssertTrue(parsed.all("text").contains { $0.text == "x < y > z" })
    }

    func testLegendListsNamedElements() throws {
        var chart = Chart(xAxis: Axis(label: "iteration"), yAxis: Axis(label: "loss"))
        chart.add(Series(name: "bs 64", points: [ChartPoint(x: 0, y: 2), ChartPoint(x: 10, y: 1)]))
        chart.add(Series(name: "bs 32", points: [ChartPoint(x: 0, y: 2.2), ChartPoint(x: 10, y: 0.8)]))
        chart.add(Series(points: [ChartPoint(x: 0, y: 1), ChartPoint(x: 10, y: 1)]))
        chart.add(Band(name: "seed spread", samples: [Band.Sample(x: 0, low: 1.8, high: 2.2),
                                                       Band.Sample(x: 10, low: 0.9, high: 1.1)]))
        let parsed = try ParsedSVG(chart.renderSVG())
        let legendTexts = parsed.all("text").filter { $0.ancestorClasses.contains("lrc-legend") }.map(\.text)
        XCTAssertEqual(legendTexts, ["bs 64", "bs 32", "seed spread"])
        XCTAssertTrue(try ParsedSVG(chart.renderThumbnailSVG()).all("text").isEmpty, "thumbnails carry no text")

        chart.legend = .hidden
        XCTAssertTrue(try ParsedSVG(chart.renderSVG()).elements.allSatisfy { !$0.hasClass("lrc-legend") })
    }

    func testNonFinitePointsBreakTheLine() throws {
        var chart = Chart(xAxis: Axis(domain: 0...4), yAxis: Axis(domain: 0...4))
        chart.add(Series(name: "loss", points: [ChartPoint(x: 0, y: 1), ChartPoint(x: 1, y: 2), ChartPoint(x: 2, y: .nan),
                                                ChartPoint(x: 3, y: 3), ChartPoint(x: 4, y: .infinity)]))
        let parsed = try ParsedSVG(chart.renderSVG())
        let path = try XCTUnwrap(parsed.all("path").first { $0.ancestorClasses.last?.contains("lrc-series") == true })
        let d = try XCTUnwrap(path.attributes["d"])
        XCTAssertEqual(d.filter { $0 == "M" }.count, 1, d)
        XCTAssertEqual(d.filter { $0 == "L" }.count, 1, d)
        XCTAssertFalse(d.contains("nan") || d.contains("inf"))
        let lonelyDots = parsed.all("circle").filter { $0.ancestorClasses.last?.contains("lrc-series") == true }
        XCTAssertEqual(lonelyDots.count, 1, "the isolated point at x=3 still shows as a dot")
    }

    func testHugeValuesStayFiniteAndAreClipped() throws {
        var chart = Chart(xAxis: Axis(domain: 0...2), yAxis: Axis(domain: 0...3))
        chart.add(Series(name: "diverging", points: [ChartPoint(x: 0, y: 1), ChartPoint(x: 1, y: 2),
                                                     ChartPoint(x: 2, y: 1e300)]))
        let d = try XCTUnwrap(ParsedSVG(chart.renderSVG()).all("path").first {
            $0.ancestorClasses.last?.contains("lrc-series") == true
        }?.attributes["d"])
        XCTAssertFalse(d.contains("nan") || d.contains("inf") || d.contains("e"), d)
        XCTAssertEqual(d.filter { $0 == "L" }.count, 2, "the diverging segment is drawn up to the plot's top")
    }

    func testLogAxisDropsNonPositiveValues() throws {
        var chart = Chart(xAxis: Axis(scale: .log10), yAxis: Axis(scale: .log10))
        chart.add(Scatter(name: "valley", points: [Scatter.Point(x: 4, y: 0.01), Scatter.Point(x: 0, y: 0.02),
                                                   Scatter.Point(x: 8, y: -1), Scatter.Point(x: 16, y: 0.004)]))
        XCTAssertEqual(chart.xValues(), [4, 16])
        let layout = try ChartLayout(chart: chart, width: 640, height: 400, mode: .full)
        XCTAssertGreaterThan(layout.frame.xDomain.lowerBound, log10(1.0), "the domain ignores x = 0")
        let dots = try ParsedSVG(chart.renderSVG()).all("circle").filter {
            $0.ancestorClasses.last?.contains("lrc-scatter") == true
        }
        XCTAssertEqual(dots.count, 2)
    }

    func testEmptyAndSinglePointChartsRender() throws {
        let empty = try ParsedSVG(Chart(title: "nothing yet").renderSVG())
        XCTAssertTrue(empty.all("text").contains { $0.text == "no data" })
        var single = Chart(xAxis: Axis(scale: .log10))
        single.add(Series(name: "loss", points: [ChartPoint(x: 1e-3, y: 2)]))
        let layout = try ChartLayout(chart: single, width: 400, height: 300, mode: .full)
        XCTAssertLessThan(layout.frame.xDomain.lowerBound, -3, "a zero-width domain is padded")
        XCTAssertGreaterThan(layout.frame.yDomain.upperBound, 2)
        let dots = try ParsedSVG(single.renderSVG()).all("circle")
        XCTAssertEqual(dots.count, 1)
    }

    func testBadInputGivesClearErrors() throws {
        let chart = Chart(xAxis: Axis(scale: .log10, domain: 0...10))
        XCTAssertThrowsError(try chart.renderSVG()) { error in
            XCTAssertTrue("\(error)".contains("x axis"), "\(error)")
            XCTAssertTrue("\(error)".contains("above zero"), "\(error)")
        }
        XCTAssertThrowsError(try Chart().renderSVG(width: 50, height: 40)) { error in
            XCTAssertTrue("\(error)".contains("too small"), "\(error)")
        }
        XCTAssertThrowsError(try Series(name: "loss", x: [1, 2], y: [1])) { error in
            XCTAssertEqual(error as? ChartError, .mismatchedLengths(element: "series \"loss\"", counts: [2, 1]))
        }
    }

    func testLinesAndBandsAreClippedToThePlot() throws {
        var chart = Chart(xAxis: Axis(domain: 0...10), yAxis: Axis(domain: 0...1))
        chart.add(Series(points: [ChartPoint(x: 0, y: 0.5), ChartPoint(x: 10, y: 50)]))
        chart.add(Band(samples: [Band.Sample(x: -5, low: -1, high: 2), Band.Sample(x: 15, low: -1, high: 2)]))
        let layout = try ChartLayout(chart: chart, width: 640, height: 400, mode: .full)
        let parsed = try ParsedSVG(chart.renderSVG())
        for element in parsed.all("path") where element.hasClass("lrc-band")
            || element.ancestorClasses.last?.contains("lrc-series") == true {
            let numbers = try XCTUnwrap(element.attributes["d"]).split(whereSeparator: { "MLZ ".contains($0) })
                .compactMap { Double($0) }
            for pair in stride(from: 0, to: numbers.count - 1, by: 2) {
                XCTAssertTrue(layout.frame.rect.contains(PixelPoint(x: numbers[pair], y: numbers[pair + 1])),
                              "\(numbers[pair]),\(numbers[pair + 1]) outside the plot")
            }
        }
    }
}
