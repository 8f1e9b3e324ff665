#pragma once
// The BOOTP/DHCP message's fixed layout, written once (RFC 2131 §2 Figure 1): where each field
// starts and how long it is, and HeaderView, the one bounds-checked reader of those fields.
//
//   0 op  1 htype  2 hlen  3 hops  4 xid (4)  8 secs (2)  10 flags (2)  12 ciaddr  16 yiaddr
//   20 siaddr  24 giaddr  28 chaddr (16)  44 sname (64)  108 file (128)  236 magic cookie (4)
//   240 options
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>

#include "wire/address.hpp"
#include "wire/bytes.hpp"

namespace dhcplite::wire {

inline constexpr std::size_t kOpOffset = 0;
inline constexpr std::size_t kHtypeOffset = 1;
inline constexpr std::size_t kHlenOffset = 2;
inline constexpr std::size_t kHopsOffset = 3;
inline constexpr std::size_t kXidOffset = 4;
inline constexpr std::size_t kSecsOffset = 8;
inline constexpr std::size_t kFlagsOffset = 10;
inline constexpr std::size_t kCiaddrOffset = 12;
inline constexpr std::size_t kYiaddrOffset = 16;
inline constexpr std::size_t kSiaddrOffset = 20;
inline constexpr std::size_t kGiaddrOffset = 24;
inline constexpr std::size_t kChaddrOffset = 28;
inline constexpr std::size_t kChaddrSize = 16;
inline constexpr std::size_t kSnameOffset = 44;
inline constexpr std::size_t kSnameSize = 64;
inline constexpr std::size_t kFileOffset = 108;
inline constexpr std::size_t kFileSize = 128;
inline constexpr std::size_t kHeaderSize = 236;     // the fixed fields
inline constexpr std::size_t kCookieOffset = 236;   // RFC 2131 §3: 99.130.83.99
inline constexpr std::size_t kOptionsOffset = 240;  // header + magic cookie

static_assert(kGiaddrOffset + 4 == kChaddrOffset);
static_assert(kChaddrOffset + kChaddrSize == kSnameOffset);
static_assert(kSnameOffset + kSnameSize == kFileOffset);
static_assert(kFileOffset + kFileSize == kHeaderSize);
static_assert(kCookieOffset + 4 == kOptionsOffset);

// The fixed fields of a datagram at least kHeaderSize bytes long (of() checks that once; every
// accessor then reads inside it). A view: the datagram must outlive it.
class HeaderView {
public:
    static std::optional<HeaderView> of(ByteView datagram) noexcept {
        if (datagram.size() < kHeaderSize) {
            return std::nullopt;
        }
        return HeaderView(datagram.first(kHeaderSize));
    }

    std::uint8_t op() const noexcept { return bytes_[kOpOffset]; }
    std::uint8_t htype() const noexcept { return bytes_[kHtypeOffset]; }
    std::uint8_t hlen() const noexcept { return bytes_[kHlenOffset]; }
    std::uint8_t hops() const noexcept { return bytes_[kHopsOffset]; }
    std::uint32_t xid() const noexcept { return u32At(kXidOffset); }
    std::uint16_t secs() const noexcept { return u16At(kSecsOffset); }
    std::uint16_t flags() const noexcept { return u16At(kFlagsOffset); }
    Ipv4 ciaddr() const noexcept { return Ipv4{u32At(kCiaddrOffset)}; }
    Ipv4 yiaddr() const noexcept { return Ipv4{u32At(kYiaddrOffset)}; }
    Ipv4 siaddr() const noexcept { return Ipv4{u32At(kSiaddrOffset)}; }
    Ipv4 giaddr() const noexcept { return Ipv4{u32At(kGiaddrOffset)}; }
    ByteView chaddr() const noexcept { return bytes_.subspan(kChaddrOffset, kChaddrSize); }
    // chaddr's first hlen bytes; a hostile hlen beyond 16 gives the 16 that exist.
    ByteView hardwareAddress() const noexcept {
        return chaddr().first(std::min<std::size_t>(hlen(), kChaddrSize));
    }
    ByteView sname() const noexcept { return bytes_.subspan(kSnameOffset, kSnameSize); }
    ByteView file() const noexcept { return bytes_.subspan(kFileOffset, kFileSize); }

private:
    explicit HeaderView(ByteView bytes) noexcept : bytes_(bytes) {}
    std::uint16_t u16At(std::size_t at) const noexcept {
        return static_cast<std::uint16_t>(bytes_[at] << 8 | bytes_[at + 1]);
    }
    std::uint32_t u32At(std::size_t at) const noexcept {
        return std::uint32_t{bytes_[at]} << 24 | std::uint32_t{bytes_[at + 1]} << 16 |
               std::uint32_t{bytes_[at + 2]} << 8 | bytes_[at + 3];
    }

    ByteView bytes_;
};

}  // namespace dhcplite::wire
