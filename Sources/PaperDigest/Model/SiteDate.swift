import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Dates as the site and its feeds write them, all in UTC, without `DateFormatter`
/// (thousands of cards per page make it the slowest part of a render).
enum SiteDate {
    private static let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    private static let fullMonths = ["January", "February", "March", "April", "May", "June", "July", "August",
                                     "September", "October", "November", "December"]

    struct Parts {
        var year, month, day, hour, minute, second, weekday, yearDay: Int
    }

    static func parts(_ date: Date) -> Parts {
        var t = time_t(floor(date.timeIntervalSince1970))
        var tm = tm()
        gmtime_r(&t, &tm)
        return Parts(
            year: Int(tm.tm_year) + 1900, month: Int(tm.tm_mon) + 1, day: Int(tm.tm_mday), hour: Int(tm.tm_hour),
            minute: Int(tm.tm_min), second: Int(tm.tm_sec), weekday: Int(tm.tm_wday), yearDay: Int(tm.tm_yday))
    }

    private static func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }

    /// Days since 1970-01-01 (UTC) of `date`.
    static func dayNumber(_ date: Date) -> Int {
        Int(floor(date.timeIntervalSince1970 / 86_400))
    }

    static func date(dayNumber: Int) -> Date { Date(timeIntervalSince1970: Double(dayNumber) * 86_400) }

    /// `2026-01-03`
    static func isoDay(_ date: Date) -> String {
        let p = parts(date)
        return "\(p.year)-\(two(p.month))-\(two(p.day))"
    }

    /// `2026-01-03T16:15:57Z` (RFC 3339)
    static func rfc3339(_ date: Date) -> String {
        let p = parts(date)
        return "\(p.year)-\(two(p.month))-\(two(p.day))T\(two(p.hour)):\(two(p.minute)):\(two(p.second))Z"
    }

    /// `Sat, 03 Jan 2026 16:15:57 +0000` (RFC 822 as RSS 2.0 wants it, four-digit year)
    static func rfc822(_ date: Date) -> String {
        let p = parts(date)
        return "\(weekdays[p.weekday]), \(two(p.day)) \(months[p.month - 1]) \(p.year) \(two(p.hour)):\(two(p.minute)):\(two(p.second)) +0000"
    }

    /// `3 Jan 2026`
    static func short(_ date: Date) -> String { dayMonthYear(date, monthNames: months) }

    /// `3 January 2026`
    static func long(_ date: Date) -> String { dayMonthYear(date, monthNames: fullMonths) }

    private static func dayMonthYear(_ date: Date, monthNames: [String]) -> String {
        let p = parts(date)
        return "\(p.day) \(monthNames[p.month - 1]) \(p.year)"
    }

    /// `January 2026`
    static func monthTitle(year: Int, month: Int) -> String { "\(fullMonths[month - 1]) \(year)" }

    /// `Jan`
    static func monthAbbreviation(_ month: Int) -> String { months[month - 1] }

    /// The ISO 8601 week of a day: year and week number (`2026-W01`).
    static func isoWeek(dayNumber: Int) -> (year: Int, week: Int) {
        // 1970-01-01 was a Thursday; ISO weeks start on Monday and belong to their Thursday's year.
        let weekday = ((dayNumber + 3) % 7 + 7) % 7  // Monday = 0
        let thursday = dayNumber - weekday + 3
        let p = parts(date(dayNumber: thursday))
        return (p.year, p.yearDay / 7 + 1)
    }

    /// The Monday that starts the ISO week holding `dayNumber`.
    static func weekStart(dayNumber: Int) -> Int {
        dayNumber - ((dayNumber + 3) % 7 + 7) % 7
    }

    static func weekKey(dayNumber: Int) -> String {
        let w = isoWeek(dayNumber: dayNumber)
        return "\(w.year)-W\(two(w.week))"
    }

    /// "today", "yesterday", "3 days ago", "2 weeks ago", "5 months ago", "1 year ago";
    /// "tomorrow", "in 3 days" for dates after `now`. Whole UTC days, so a page rendered
    /// twice on one day says the same.
    static func relative(_ date: Date, now: Date) -> String {
        let days = dayNumber(now) - dayNumber(date)
        if days < 0 {
            return days == -1 ? "tomorrow" : "in \(-days) days"
        }
        switch days {
        case 0: return "today"
        case 1: return "yesterday"
        case 2..<14: return "\(days) days ago"
        case 14..<60: return "\(days / 7) weeks ago"
        case 60..<365: return "\(days / 30) months ago"
        default:
            let years = days / 365
            return years == 1 ? "1 year ago" : "\(years) years ago"
        }
    }
}
