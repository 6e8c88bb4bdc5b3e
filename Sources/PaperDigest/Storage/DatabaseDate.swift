import Foundation

/// Dates as GRDB stores them (`YYYY-MM-DD HH:MM:SS.SSS`, UTC), written by hand: Foundation's
/// `DateFormatter`, which GRDB uses, costs more than the insert itself on Linux.
enum DatabaseDate {
    static func text(_ date: Date?) -> String? {
        guard let date else { return nil }
        let milliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
        var days = milliseconds >= 0 ? milliseconds / 86_400_000 : (milliseconds - 86_399_999) / 86_400_000
        var remainder = milliseconds - days * 86_400_000
        let hour = remainder / 3_600_000
        remainder %= 3_600_000
        let minute = remainder / 60_000
        remainder %= 60_000
        let second = remainder / 1000
        let millisecond = remainder % 1000
        // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
        days += 719_468
        let era = (days >= 0 ? days : days - 146_096) / 146_097
        let dayOfEra = days - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)

        var bytes = [UInt8](repeating: 0, count: 23)
        func put(_ value: Int64, at index: Int, width: Int) {
            var v = value
            for i in stride(from: index + width - 1, through: index, by: -1) {
                bytes[i] = UInt8(48 + v % 10)
                v /= 10
            }
        }
        put(year, at: 0, width: 4); bytes[4] = 45
        put(month, at: 5, width: 2); bytes[7] = 45
        put(day, at: 8, width: 2); bytes[10] = 32
        put(hour, at: 11, width: 2); bytes[13] = 58
        put(minute, at: 14, width: 2); bytes[16] = 58
        put(second, at: 17, width: 2); bytes[19] = 46
        put(millisecond, at: 20, width: 3)
        return String(decoding: bytes, as: UTF8.self)
    }
}
