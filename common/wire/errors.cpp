#include "wire/errors.hpp"

#include <fmt/format.h>

#include <utility>

#include "wire/hex.hpp"

namespace dhcplite::wire {

namespace {

std::string wireMessage(const std::string& reason, std::size_t offset) {
    return fmt::format("{} at offset {}", reason, offset);
}

// The value is shown escaped: it came from a person or a file and may hold anything. An empty
// value has no character to point at, so the position part is left out for it.
std::string inputMessage(const std::string& reason, const std::string& value, std::size_t position,
                         const std::string& field) {
    std::string out;
    if (!field.empty()) {
        out = field;
        out += value.empty() ? ": " : " ";
    }
    if (value.empty()) {
        out += reason;
        return out;
    }
    return out +
           fmt::format("'{}': {} at character {}", escapeForDisplay(value), reason, position + 1);
}

}  // namespace

WireError::WireError(std::string reason, std::size_t offset)
    : std::runtime_error(wireMessage(reason, offset)),
      reason_(std::move(reason)),
      offset_(offset) {}

InputError::InputError(std::string reason, std::string value, std::size_t position,
                       std::string field)
    : std::runtime_error(inputMessage(reason, value, position, field)),
      reason_(std::move(reason)),
      value_(std::move(value)),
      position_(position),
      field_(std::move(field)) {}

InputError InputError::withField(std::string field) const {
    return InputError(reason_, value_, position_, std::move(field));
}

}  // namespace dhcplite::wire
