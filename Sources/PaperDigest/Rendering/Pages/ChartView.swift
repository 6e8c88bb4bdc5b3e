/// A bar chart laid out in numbers, which `partials/chart` turns into inline SVG, with the
/// same data as a table for readers who cannot see it.
public struct ChartView: Sendable, Hashable, Encodable {
    public struct Rect: Sendable, Hashable, Encodable {
        public var x: String
        public var y: String
        public var width: String
        public var height: String
        /// `series-1` … for colour.
        public var series: String
        /// Shown as the bar's tooltip: "2026-01-03: 42 items".
        public var label: String
    }
    public struct Label: Sendable, Hashable, Encodable {
        public var x: String
        public var y: String
        public var text: String
        /// `start`, `middle`, `end`
        public var anchor: String
        /// `axis`, or `axis minor` for a label a narrow screen leaves out (every other one
        /// where labels would touch once the chart is shrunk to a phone's width).
        public var classes: String = "axis"
    }
    public struct Line: Sendable, Hashable, Encodable {
        public var x1: String
        public var y1: String
        public var x2: String
        public var y2: String
    }
    public struct LegendEntry: Sendable, Hashable, Encodable {
        public var name: String
        public var series: String
        public var symbol: String
    }
    public struct Row: Sendable, Hashable, Encodable {
        public var header: String
        public var cells: [String]
    }

    /// Unique on the page: ids of the SVG's title and description.
    public var id: String
    public var title: String
    /// One or two sentences saying what the chart shows: the SVG's description.
    public var summary: String
    public var width: Int
    public var height: Int
    public var bars: [Rect]
    public var xLabels: [Label]
    public var yLabels: [Label]
    public var gridLines: [Line]
    public var legend: [LegendEntry]
    public var hasLegend: Bool
    public var columns: [String]
    public var rows: [Row]
}
