#include "emulate/emulate_schedule.hpp"

#include <algorithm>

namespace dhcplite::util {

std::vector<double> retransmitSchedule(double timeout, unsigned retries,
                                       const std::function<double()>& jitter) {
    std::vector<double> times{0.0};
    double delay = kFirstRetransmit;
    double at = 0.0;
    for (unsigned i = 0; i < retries; ++i) {
        // A delay of at least 3 s even at jitter -1: the times stay strictly increasing.
        at += delay + std::clamp(jitter(), -1.0, 1.0);
        times.push_back(at);
        delay = std::min(delay * 2, kMaxRetransmit);
    }
    const double limit = kLastSendShare * timeout;
    if (at > limit && at > 0) {
        const double scale = limit / at;
        for (auto& t : times) {
            t *= scale;
        }
    }
    return times;
}

}  // namespace dhcplite::util
