import Charts
import Foundation
@testable import Report
import XCTest

/// Inlining chart SVGs safely, reading their geometry and the JSON the plot script gets.
final class InteractivePlotTests: XCTestCase {
    private func rangeTestSVG() throws -> String {
        let points = (0..<20).map { k -> (lr: Double, loss: Double, smooth: Double) in
            (1e-7 * pow(10, Double(k) * 0.4), 2.3 - 0.07 * Double(k), 2.3 - 0.07 * Double(k))
        }
        return try FixtureWriter.rangeTestChart(points, title: "Test", valley: 1e-3).renderSVG()
    }

    func testSanitizerKeepsTheDrawingAndDropsEverythingActive() throws {
        let hostile = """
        <?xml version="1.0"?><!DOCTYPE svg><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10" onload="alert(1)">
        <style>@import url(http://evil/x.css); .a{fill:red}</style><script>alert(2)</script>
        <!-- a comment --><title>T &amp; &lt;U&gt;</title>
        <g class="lrc-series lrc-c0" data-name="a&quot;b" style="fill:url(http://evil)"><path d="M0 0L1 1" fill="url(#x)" stroke="red"/></g>
        <a href="javascript:alert(3)"><text x="1">link</text></a>
        <foreignObject><div xmlns="http://www.w3.org/1999/xhtml">html</div></foreignObject>
        <image href="http://evil/track.png"/><use href="#g"/>
        <text x="2" y="3" data-note="ok">&#60;script&#62; &unknown; <![CDATA[<b>cdata</b>]]></text>
        </svg>
        """
        let result = try XCTUnwrap(SVGSanitizer.sanitize(hostile))
        let markup = result.markup
        for banned in ["onload", "<style", "@import", "<script", "alert", "style=", "url(", "<a ", "href", "foreignObject",
                       "<div", "<image", "<use", "<!--", "<?xml", "DOCTYPE", "<b>"] {
            XCTAssertFalse(markup.contains(banned), "\(banned) survived:\n\(markup)")
        }
        XCTAssertTrue(markup.contains("<title>T &amp; &lt;U&gt;</title>"))
        XCTAssertTrue(markup.contains("<g class=\"lrc-series lrc-c0\" data-name=\"a&quot;b\"><path d=\"M0 0L1 1\" stroke=\"red\"/></g>"), markup)
        XCTAssertTrue(markup.contains("<text x=\"2\" y=\"3\" data-note=\"ok\">&lt;script&gt; &amp;unknown; &lt;b&gt;cdata&lt;/b&gt;</text>"), markup)
        XCTAssertEqual(result.seriesNames, ["a\"b"])
        for malformed in ["<svg><g></svg>", "<svg>", "<div></div>", "<svg></svg><svg></svg>", "<svg x=1></svg>", "text"] {
            XCTAssertNil(SVGSanitizer.sanitize(malformed), malformed)
        }
    }

    func testGeometryFromTheFrameMatchesWhereChartsDrewThePoints() throws {
        let svg = try rangeTestSVG()
        let geometry = try XCTUnwrap(SVGSanitizer.sanitize(svg)?.geometry)
        XCTAssertEqual(geometry.x.scale, "log10")
        XCTAssertEqual(geometry.x.label, "learning rate")
        XCTAssertEqual(geometry.y.label, "loss")
        // The valley marker's dot is at (1e-3, 1.5): the geometry must put it where Charts did.
        let dot = try XCTUnwrap(svg.range(of: #"<circle cx="([0-9.]+)" cy="([0-9.]+)"[^>]*lrc-marker-dot"#, options: .regularExpression))
        let numbers = svg[dot].split(whereSeparator: { !"0123456789.".contains($0) }).compactMap { Double($0) }
        XCTAssertEqual(try XCTUnwrap(geometry.pixelX(1e-3)), numbers[0], accuracy: 0.006)
        XCTAssertEqual(try XCTUnwrap(geometry.pixelY(1.5)), numbers[1], accuracy: 0.006)

        // A chart recorded before the frame carried its mapping: the description's ranges give
        // the same geometry to well under a pixel.
        let old = svg.replacingOccurrences(of: #" data-[xy]-(scale|domain)="[^"]*""#, with: "", options: .regularExpression)
        XCTAssertFalse(old.contains("data-x-domain"))
        let described = try XCTUnwrap(SVGSanitizer.sanitize(old)?.geometry)
        for lr in [1e-7, 1e-4, 0.5] { XCTAssertEqual(described.pixelX(lr)!, geometry.pixelX(lr)!, accuracy: 0.3) }
        for loss in [1.0, 2.0] { XCTAssertEqual(described.pixelY(loss)!, geometry.pixelY(loss)!, accuracy: 0.3) }
        XCTAssertNil(SVGSanitizer.sanitize(FixtureWriter.svg(label: "stand-in"))?.geometry, "no frame, no interactivity")
    }

    func testDescriptionParsing() {
        let axes = PlotGeometry.describedAxes(
            "x axis: learning rate (log scale), log scale, 5.23e-8 to 2.1. y axis: loss, linear scale, 0.834 to 3.32. Line loss: 89 points.")
        XCTAssertEqual(axes.x?.label, "learning rate (log scale)")
        XCTAssertEqual(axes.x?.scale, "log10")
        XCTAssertEqual(axes.x?.low ?? 0, log10(5.23e-8), accuracy: 1e-12)
        XCTAssertEqual(axes.y?.high, 3.32)
        XCTAssertNil(PlotGeometry.describedAxes("x axis: a, log scale, -1 to 2. y axis: b, linear scale, 3 to 1.").x)
        XCTAssertNil(PlotGeometry.describedAxes("x axis: a, linear scale, 3 to 1.").x)
    }

    func testRunDataComesFromMetricsAndIsSafeInAScriptElement() throws {
        let fixture = try SiteFixture.standard()
        let run = try RunArtifacts.load(from: fixture.content.appendingPathComponent("runs/lrfind-cnn-bs64-s0-3fa2c1"))
        let plot = try XCTUnwrap(InteractivePlot.run(run))
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(plot.json.utf8)) as? [String: Any])
        let points = try XCTUnwrap(json["points"] as? [String: Any])
        XCTAssertEqual(points["x"] as? String, "lr")
        let lrs = try XCTUnwrap(points["lr"] as? [Double])
        XCTAssertEqual(lrs.count, 20)
        XCTAssertEqual(lrs[10], 1e-3, accuracy: 1e-15)
        let series = try XCTUnwrap(points["series"] as? [String: [Double]])
        XCTAssertEqual(series.keys.sorted(), ["loss", "smoothed loss"])
        XCTAssertEqual(series["smoothed loss"]?[10] ?? 0, 1.3, accuracy: 1e-12)
        XCTAssertEqual(json["switch"] as? String, "loss")
        XCTAssertNil(InteractivePlot.run(try RunArtifacts.load(
            from: fixture.content.appendingPathComponent("runs/lrfind-mlp-bs16-s0-0a0b0c"))), "a stand-in plot stays an image")

        XCTAssertEqual(ScriptJSON.string("</script><!--\u{2028}\"\\\n\u{1}&"), #""\u003c/script\u003e\u003c!--\u2028\"\\\n\u0001\u0026""#)
        XCTAssertEqual(["1e-7", "-0.5", "2", "0", "1.5E+3"].map { InteractivePlot.jsonNumber(Substring($0)) }, ["1e-7", "-0.5", "2", "0", "1.5E+3"])
        XCTAssertEqual(["nan", "inf", "-inf", ".5", "+1", "0x10", "01"].map { InteractivePlot.jsonNumber(Substring($0)) },
                       ["null", "null", "null", "0.5", "1", "16", "1"])
        XCTAssertEqual(InteractivePlot.thinned(3), [0, 1, 2])
        let thinned = InteractivePlot.thinned(12_345)
        XCTAssertEqual(thinned.count, InteractivePlot.pointLimit)
        XCTAssertEqual(thinned.first, 0)
        XCTAssertEqual(thinned.last, 12_344)
    }

    func testChartsStylesheetUsesVariablesWithTheLightColoursAsFallbacks() throws {
        let svg = try rangeTestSVG()
        XCTAssertTrue(svg.contains(".lrc-c0{color:var(--lrc-c0,#0072B2)}"))
        XCTAssertTrue(svg.contains(".lrc-bg,.lrc-legend-bg{fill:var(--lrc-bg,#ffffff)}"))
        XCTAssertTrue(svg.contains("@media (prefers-color-scheme: dark){.lrc-chart{color:var(--lrc-fg,#e2e2e2)}"))
        XCTAssertTrue(svg.contains(".lrc-c1{color:var(--lrc-c1,#F07A3A)}"))
        let css = try String(contentsOf: SiteFixture.templates.appendingPathComponent("style.css"), encoding: .utf8)
        for (index, color) in ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442"].enumerated() {
            XCTAssertTrue(css.contains("--lrc-c\(index): \(color)"), "style.css defines the light palette entry \(index) as Charts does")
        }
    }
}
