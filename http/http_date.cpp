#include "http/http_date.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <cstddef>

namespace portico::http {
namespace {

constexpr std::int64_t kSecondsPerDay = 86400;

constexpr std::array<std::string_view, 7> kShortDays{"Sun", "Mon", "Tue", "Wed",
                                                     "Thu", "Fri", "Sat"};
constexpr std::array<std::string_view, 7> kLongDays{"Sunday",   "Monday", "Tuesday", "Wednesday",
                                                    "Thursday", "Friday", "Saturday"};
constexpr std::array<std::string_view, 12> kMonths{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

struct CivilDate {
  std::int64_t year;
  int month;  // 1..12
  int day;    // 1..31
};

// Howard Hinnant's days_from_civil / civil_from_days: exact for the proleptic Gregorian calendar
// over the whole int64 range we use, and free of the global state that gmtime() has.
constexpr std::int64_t days_from_civil(std::int64_t year, int month, int day) {
  year -= month <= 2 ? 1 : 0;
  const std::int64_t era = (year >= 0 ? year : year - 399) / 400;
  const std::int64_t year_of_era = year - era * 400;
  const std::int64_t day_of_year = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  const std::int64_t day_of_era =
      year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + day_of_era - 719468;
}

constexpr CivilDate civil_from_days(std::int64_t days) {
  days += 719468;
  const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const std::int64_t day_of_era = days - era * 146097;
  const std::int64_t year_of_era =
      (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const std::int64_t day_of_year =
      day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const std::int64_t mp = (5 * day_of_year + 2) / 153;
  const int day = static_cast<int>(day_of_year - (153 * mp + 2) / 5 + 1);
  const int month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  return {year_of_era + era * 400 + (month <= 2 ? 1 : 0), month, day};
}

constexpr std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  return a / b - ((a % b != 0 && (a < 0) != (b < 0)) ? 1 : 0);
}

constexpr bool is_leap_year(std::int64_t year) {
  return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
}

constexpr int days_in_month(std::int64_t year, int month) {
  constexpr std::array<int, 12> kDays{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && is_leap_year(year) ? 29 : kDays[static_cast<std::size_t>(month - 1)];
}

constexpr std::int64_t kMinFormattable = days_from_civil(0, 1, 1) * kSecondsPerDay;
constexpr std::int64_t kMaxFormattable = days_from_civil(9999, 12, 31) * kSecondsPerDay + 86399;

void append_digits(std::string& out, std::int64_t value, int width) {
  std::array<char, 20> buffer{};
  int length = 0;
  do {
    buffer[static_cast<std::size_t>(length++)] = static_cast<char>('0' + value % 10);
    value /= 10;
  } while (value > 0 && length < static_cast<int>(buffer.size()));
  for (int i = length; i < width; ++i) out.push_back('0');
  while (length > 0) out.push_back(buffer[static_cast<std::size_t>(--length)]);
}

// A cursor over the input; every consume_* either matches exactly and advances or fails.
class Scanner {
 public:
  explicit Scanner(std::string_view text) : text_(text) {}

  bool done() const { return text_.empty(); }

  bool literal(std::string_view expected) {
    if (text_.substr(0, expected.size()) != expected) return false;
    text_.remove_prefix(expected.size());
    return true;
  }

  // Exactly `count` ASCII digits.
  std::optional<int> digits(std::size_t count) {
    if (text_.size() < count) return std::nullopt;
    int value = 0;
    for (std::size_t i = 0; i < count; ++i) {
      const char c = text_[i];
      if (c < '0' || c > '9') return std::nullopt;
      value = value * 10 + (c - '0');
    }
    text_.remove_prefix(count);
    return value;
  }

  // Index of the name in `names` that the input starts with.
  template <std::size_t N>
  std::optional<int> one_of(const std::array<std::string_view, N>& names) {
    for (std::size_t i = 0; i < N; ++i) {
      if (literal(names[i])) return static_cast<int>(i);
    }
    return std::nullopt;
  }

 private:
  std::string_view text_;
};

struct Fields {
  std::int64_t year = 0;
  int month = 0;  // 1..12
  int day = 0;
  int hour = 0;
  int minute = 0;
  int second = 0;
};

// time-of-day = hour ":" minute ":" second, 00:00:00 - 23:59:60 (the 60 is a leap second).
bool scan_time(Scanner& in, Fields& fields) {
  const auto hour = in.digits(2);
  if (!hour || !in.literal(":")) return false;
  const auto minute = in.digits(2);
  if (!minute || !in.literal(":")) return false;
  const auto second = in.digits(2);
  if (!second) return false;
  fields.hour = *hour;
  fields.minute = *minute;
  fields.second = *second;
  return true;
}

bool scan_month(Scanner& in, Fields& fields) {
  const auto month = in.one_of(kMonths);
  if (!month) return false;
  fields.month = *month + 1;
  return true;
}

// "Sun, 06 Nov 1994 08:49:37 GMT"
std::optional<Fields> scan_imf_fixdate(std::string_view text) {
  Scanner in(text);
  Fields fields;
  if (!in.one_of(kShortDays) || !in.literal(", ")) return std::nullopt;
  const auto day = in.digits(2);
  if (!day || !in.literal(" ") || !scan_month(in, fields) || !in.literal(" ")) return std::nullopt;
  const auto year = in.digits(4);
  if (!year || !in.literal(" ") || !scan_time(in, fields)) return std::nullopt;
  if (!in.literal(" GMT") || !in.done()) return std::nullopt;
  fields.day = *day;
  fields.year = *year;
  return fields;
}

// "Sunday, 06-Nov-94 08:49:37 GMT"
std::optional<Fields> scan_rfc850(std::string_view text, std::int64_t now_year) {
  Scanner in(text);
  Fields fields;
  if (!in.one_of(kLongDays) || !in.literal(", ")) return std::nullopt;
  const auto day = in.digits(2);
  if (!day || !in.literal("-") || !scan_month(in, fields) || !in.literal("-")) return std::nullopt;
  const auto year = in.digits(2);
  if (!year || !in.literal(" ") || !scan_time(in, fields)) return std::nullopt;
  if (!in.literal(" GMT") || !in.done()) return std::nullopt;
  fields.day = *day;
  fields.year = floor_div(now_year, 100) * 100 + *year;
  if (fields.year > now_year + 50) fields.year -= 100;
  return fields;
}

// "Sun Nov  6 08:49:37 1994" (the day is two digits or a space and one digit)
std::optional<Fields> scan_asctime(std::string_view text) {
  Scanner in(text);
  Fields fields;
  if (!in.one_of(kShortDays) || !in.literal(" ") || !scan_month(in, fields) || !in.literal(" ")) {
    return std::nullopt;
  }
  const auto day = in.literal(" ") ? in.digits(1) : in.digits(2);
  if (!day || !in.literal(" ") || !scan_time(in, fields) || !in.literal(" ")) return std::nullopt;
  const auto year = in.digits(4);
  if (!year || !in.done()) return std::nullopt;
  fields.day = *day;
  fields.year = *year;
  return fields;
}

std::optional<std::int64_t> to_unix_seconds(const Fields& f) {
  if (f.day < 1 || f.day > days_in_month(f.year, f.month)) return std::nullopt;
  if (f.hour > 23 || f.minute > 59 || f.second > 60) return std::nullopt;
  return days_from_civil(f.year, f.month, f.day) * kSecondsPerDay + f.hour * 3600 + f.minute * 60 +
         f.second;
}

}  // namespace

std::string format_http_date(std::int64_t unix_seconds) {
  const std::int64_t clamped = std::clamp(unix_seconds, kMinFormattable, kMaxFormattable);
  const std::int64_t days = floor_div(clamped, kSecondsPerDay);
  const std::int64_t second_of_day = clamped - days * kSecondsPerDay;
  const CivilDate date = civil_from_days(days);
  // 1970-01-01 was a Thursday (index 4).
  const auto weekday = static_cast<std::size_t>(((days % 7) + 7 + 4) % 7);

  std::string out;
  out.reserve(29);
  out += kShortDays[weekday];
  out += ", ";
  append_digits(out, date.day, 2);
  out += ' ';
  out += kMonths[static_cast<std::size_t>(date.month - 1)];
  out += ' ';
  append_digits(out, date.year, 4);
  out += ' ';
  append_digits(out, second_of_day / 3600, 2);
  out += ':';
  append_digits(out, second_of_day / 60 % 60, 2);
  out += ':';
  append_digits(out, second_of_day % 60, 2);
  out += " GMT";
  return out;
}

std::optional<std::int64_t> parse_http_date(std::string_view text) {
  const auto now = std::chrono::duration_cast<std::chrono::seconds>(
      std::chrono::system_clock::now().time_since_epoch());
  return parse_http_date(text, now.count());
}

std::optional<std::int64_t> parse_http_date(std::string_view text, std::int64_t now_unix_seconds) {
  // The three formats differ at the fourth byte: "Sun," / "Sun " / "Sunday,".
  std::optional<Fields> fields;
  if (text.size() > 3 && text[3] == ',') {
    fields = scan_imf_fixdate(text);
  } else if (text.size() > 3 && text[3] == ' ') {
    fields = scan_asctime(text);
  } else {
    const std::int64_t now_year = civil_from_days(floor_div(now_unix_seconds, kSecondsPerDay)).year;
    fields = scan_rfc850(text, now_year);
  }
  if (!fields) return std::nullopt;
  // A leap second on 31 Dec 9999 lands past the last instant a date can be written as.
  const std::optional<std::int64_t> seconds = to_unix_seconds(*fields);
  if (seconds && *seconds > kMaxFormattable) return std::nullopt;
  return seconds;
}

}  // namespace portico::http
