#pragma once
// When emulate-client (re)sends its DHCPINFORM. RFC 2131 §4.1: the first retransmission after
// 4 s, each next delay doubled up to 64 s, every delay randomized by a uniform -1..+1 s. The
// same shape is compressed to fit --timeout: the last send happens at 3/4 of the timeout at the
// latest, so its answer still has time to arrive. Pure: the random source is passed in.
#include <functional>
#include <vector>

namespace dhcplite::util {

inline constexpr double kFirstRetransmit = 4.0;  // seconds, RFC 2131 §4.1
inline constexpr double kMaxRetransmit = 64.0;   // seconds, RFC 2131 §4.1
inline constexpr double kLastSendShare = 0.75;   // of the timeout

// Send times in seconds after the start: {0, t1, ..., t_retries}, strictly increasing, all below
// the timeout. `jitter` returns a uniform value in [-1, 1] (values outside are clamped).
std::vector<double> retransmitSchedule(double timeout, unsigned retries,
                                       const std::function<double()>& jitter);

}  // namespace dhcplite::util
