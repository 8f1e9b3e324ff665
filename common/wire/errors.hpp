#pragma once
// The two ways input goes wrong. Both carry where, so every message can name the position.
#include <cstddef>
#include <stdexcept>
#include <string>

namespace dhcplite::wire {

// Malformed wire bytes. `offset` is a byte offset from the start of the buffer the caller handed
// to the decoder (a packet, or an option value); what() reads "<reason> at offset <n>".
class WireError : public std::runtime_error {
public:
    WireError(std::string reason, std::size_t offset);
    const std::string& reason() const noexcept { return reason_; }
    std::size_t offset() const noexcept { return offset_; }

private:
    std::string reason_;
    std::size_t offset_;
};

// A bad value typed by a person (hex text, FQDN, address, port...). `position` is a 0-based
// character index into `value`. `field` says which value it was ("web server FQDN", "port"...);
// what() reads "<field> '<value>': <reason> at character <position+1>" (the value escaped for
// printing; the field part left out when empty). An empty value has no character to point at:
// then what() is just "<field>: <reason>" (or "<reason>").
class InputError : public std::runtime_error {
public:
    InputError(std::string reason, std::string value, std::size_t position, std::string field = {});
    const std::string& reason() const noexcept { return reason_; }
    const std::string& value() const noexcept { return value_; }
    std::size_t position() const noexcept { return position_; }
    const std::string& field() const noexcept { return field_; }
    // The same error, naming the field (used by callers that know what the value was for).
    InputError withField(std::string field) const;

private:
    std::string reason_;
    std::string value_;
    std::size_t position_;
    std::string field_;
};

}  // namespace dhcplite::wire
