import Foundation

/// Lays out the analytics charts: numbers in, rectangles and labels out.
struct ChartBuilder {
    let builder: CardBuilder
    let now: Date

    static let width = 720
    static let height = 260
    static let left = 50.0, right = 12.0, top = 22.0, bottom = 40.0

    func charts(_ cards: [ItemCard]) -> [ChartView] {
        [itemsPerDay(cards), sentimentPerWeek(cards), tagsOverTime(cards, topics: true), tagsOverTime(cards, topics: false)]
    }

    private static func f(_ x: Double) -> String { String(format: "%.1f", x) }

    /// A chart of stacked bars: `columns` along x, `series` stacked in each.
    private func stacked(
        id: String, title: String, summary: String, columns: [String], columnLabels: [String],
        series: [(name: String, symbol: String, values: [Int])], labelEvery: Int, unit: String
    ) -> ChartView {
        let plotWidth = Double(Self.width) - Self.left - Self.right
        let plotHeight = Double(Self.height) - Self.top - Self.bottom
        let totals = columns.indices.map { c in series.reduce(0) { $0 + $1.values[c] } }
        let maxTotal = max(1, totals.max() ?? 1)
        // A round top for the y axis: 1, 2, 5 × 10^n.
        var step = 1.0
        while Double(maxTotal) / step > 5 {
            if Double(maxTotal) / (step * 2) <= 5 { step *= 2; break }
            if Double(maxTotal) / (step * 5) <= 5 { step *= 5; break }
            step *= 10
        }
        let yMax = max(step, (Double(maxTotal) / step).rounded(.up) * step)
        let slot = plotWidth / Double(max(1, columns.count))
        let barWidth = max(1, slot * 0.8)
        var bars: [ChartView.Rect] = []
        for c in columns.indices {
            var y = Self.top + plotHeight
            for (s, entry) in series.enumerated() where entry.values[c] > 0 {
                let h = plotHeight * Double(entry.values[c]) / yMax
                y -= h
                bars.append(.init(
                    x: Self.f(Self.left + Double(c) * slot + (slot - barWidth) / 2), y: Self.f(y), width: Self.f(barWidth),
                    height: Self.f(h), series: "series-\(s + 1)",
                    label: "\(columnLabels[c]): \(entry.values[c]) \(series.count > 1 ? entry.name : unit)"))
            }
        }
        var xLabels: [ChartView.Label] = []
        for c in columns.indices where c % labelEvery == 0 || c == columns.count - 1 {
            if c == columns.count - 1, c % labelEvery != 0, c % labelEvery < labelEvery / 2 + 1 { continue }
            // The first and last labels are anchored inwards so they stay inside the chart.
            let isLast = c == columns.count - 1 && columns.count > 1
            let x = c == 0 ? Self.left : isLast ? Self.left + plotWidth : Self.left + (Double(c) + 0.5) * slot
            xLabels.append(.init(
                x: Self.f(x), y: Self.f(Double(Self.height) - Self.bottom + 20),
                text: columnLabels[c], anchor: c == 0 ? "start" : isLast ? "end" : "middle"))
        }
        // On a phone the chart is about half as wide and its labels twice as large in
        // viewBox units: labels closer than this would run into each other, so every other
        // one (counted from the newest, which always stays) is marked minor.
        let narrowSpacing = 120.0
        if Double(labelEvery) * slot < narrowSpacing {
            for n in xLabels.indices where (xLabels.count - 1 - n) % 2 == 1 { xLabels[n].classes = "axis minor" }
        }
        var yLabels: [ChartView.Label] = []
        var grid: [ChartView.Line] = []
        var v = 0.0
        while v <= yMax + 0.001 {
            let y = Self.top + plotHeight - plotHeight * v / yMax
            yLabels.append(.init(x: Self.f(Self.left - 8), y: Self.f(y + 4), text: "\(Int(v))", anchor: "end"))
            grid.append(.init(x1: Self.f(Self.left), y1: Self.f(y), x2: Self.f(Double(Self.width) - Self.right), y2: Self.f(y)))
            v += step
        }
        let rows = columns.indices.map { c in
            ChartView.Row(header: columnLabels[c], cells: series.map { "\($0.values[c])" } + (series.count > 1 ? ["\(totals[c])"] : []))
        }
        return ChartView(
            id: id, title: title, summary: summary, width: Self.width, height: Self.height, bars: bars, xLabels: xLabels,
            yLabels: yLabels, gridLines: grid,
            legend: series.count > 1 ? series.enumerated().map { .init(name: $0.element.name, series: "series-\($0.offset + 1)", symbol: $0.element.symbol) } : [],
            hasLegend: series.count > 1,
            columns: [columnLabelsHeading(id)] + series.map(\.name) + (series.count > 1 ? ["Total"] : []),
            rows: rows)
    }

    private func columnLabelsHeading(_ id: String) -> String {
        id == "items-per-day" ? "Day" : id == "sentiment-per-week" ? "Week" : "Month"
    }

    /// The last `count` days up to the newest day with items (or today).
    private func itemsPerDay(_ cards: [ItemCard], count: Int = 60) -> ChartView {
        let lastDay = min(SiteDate.dayNumber(now), cards.first.map { SiteDate.dayNumber($0.date) } ?? SiteDate.dayNumber(now))
        let firstDay = lastDay - count + 1
        var values = [Int](repeating: 0, count: count)
        for card in cards {
            let d = SiteDate.dayNumber(card.date)
            if d >= firstDay, d <= lastDay { values[d - firstDay] += 1 }
        }
        let days = (0..<count).map { SiteDate.date(dayNumber: firstDay + $0) }
        let total = values.reduce(0, +)
        let busiest = values.indices.max { values[$0] < values[$1] }.map { (SiteDate.long(days[$0]), values[$0]) }
        var summary = "\(total) items over the \(count) days from \(SiteDate.long(days[0])) to \(SiteDate.long(days[count - 1]))"
        if let busiest, busiest.1 > 0 { summary += "; the busiest day was \(busiest.0) with \(busiest.1) items" }
        return stacked(
            id: "items-per-day", title: "Items per day", summary: summary + ".", columns: days.map(SiteDate.isoDay),
            columnLabels: days.map { SiteDate.short($0).split(separator: " ").prefix(2).joined(separator: " ") },
            series: [("Items", "■", values)], labelEvery: 10, unit: "items")
    }

    private func sentimentPerWeek(_ cards: [ItemCard], count: Int = 16) -> ChartView {
        let lastWeek = SiteDate.weekStart(dayNumber: min(SiteDate.dayNumber(now), cards.first.map { SiteDate.dayNumber($0.date) } ?? SiteDate.dayNumber(now)))
        let firstWeek = lastWeek - 7 * (count - 1)
        var counts = [[Int]](repeating: [Int](repeating: 0, count: count), count: 4)
        for card in cards {
            let w = SiteDate.weekStart(dayNumber: SiteDate.dayNumber(card.date))
            guard w >= firstWeek, w <= lastWeek else { continue }
            let column = (w - firstWeek) / 7
            switch card.classification?.sentiment {
            case .bullish?: counts[0][column] += 1
            case .neutral?: counts[1][column] += 1
            case .bearish?: counts[2][column] += 1
            case nil: counts[3][column] += 1
            }
        }
        let keys = (0..<count).map { SiteDate.weekKey(dayNumber: firstWeek + 7 * $0) }
        let sums = counts.map { $0.reduce(0, +) }
        let summary = "Over the last \(count) weeks: \(sums[0]) bullish, \(sums[1]) neutral, \(sums[2]) bearish and \(sums[3]) unclassified items."
        return stacked(
            id: "sentiment-per-week", title: "Sentiment mix per week", summary: summary, columns: keys,
            columnLabels: keys.map { String($0.suffix(3)) },
            series: [("▲ bullish", "▲", counts[0]), ("● neutral", "●", counts[1]), ("▼ bearish", "▼", counts[2]), ("unclassified", "○", counts[3])],
            labelEvery: 2, unit: "items")
    }

    /// The six most frequent topics (or labs) per month over the last 12 months.
    private func tagsOverTime(_ cards: [ItemCard], topics: Bool, months: Int = 12) -> ChartView {
        let end = SiteDate.parts(min(now, cards.first?.date ?? now))
        let endIndex = end.year * 12 + end.month - 1
        var perMonth: [String: [Int]] = [:]
        var totals: [String: Int] = [:]
        let labs = Set(builder.entities.values.filter { $0.kind == "labs" }.map(\.slug))
        for card in cards {
            let p = SiteDate.parts(card.date)
            let column = months - 1 - (endIndex - (p.year * 12 + p.month - 1))
            guard column >= 0, column < months, let c = card.classification else { continue }
            let slugs = topics ? c.tags.map(\.slug).filter { $0 != SitePlanner.gateTopic } : c.entities.filter { labs.contains($0) }
            for slug in slugs {
                perMonth[slug, default: [Int](repeating: 0, count: months)][column] += 1
                totals[slug, default: 0] += 1
            }
        }
        let top = totals.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(6).map(\.key)
        let monthIndices = (0..<months).map { endIndex - (months - 1) + $0 }
        let labels = monthIndices.map { SiteDate.monthAbbreviation($0 % 12 + 1) + " " + String($0 / 12 % 100) }
        let name: (String) -> String = topics ? { builder.topic($0).emoji + " " + builder.topic($0).title } : { builder.entityName($0) }
        let series = top.map { (name: name($0), symbol: "■", values: perMonth[$0]!) }
        let kind = topics ? "topics" : "labs"
        var summary = "The \(top.count) most frequent \(kind) per month over the last \(months) months"
        if let first = top.first { summary += "; the most frequent was \(name(first)) with \(totals[first]!) items" }
        if top.isEmpty { summary = "No classified items name \(topics ? "a topic" : "a lab") in the last \(months) months" }
        return stacked(
            id: topics ? "topics-over-time" : "labs-over-time", title: topics ? "Top topics over time" : "Top labs over time",
            summary: summary + ".", columns: labels, columnLabels: labels,
            series: series.isEmpty ? [("Items", "■", [Int](repeating: 0, count: months))] : series, labelEvery: 1, unit: "items")
    }
}
