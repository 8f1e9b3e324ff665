#pragma once
// Catch the error a call must throw and hand it back, so a test can assert its offset, position
// and message exactly. Anything else thrown propagates and fails the test case; no throw at all
// fails it too.
#include <stdexcept>
#include <utility>

#include "wire/errors.hpp"

namespace dhcplite::test {

template <typename F>
wire::WireError wireErrorOf(F&& f) {
    try {
        std::forward<F>(f)();
    } catch (const wire::WireError& e) {
        return e;
    }
    throw std::runtime_error("expected a wire::WireError, but nothing was thrown");
}

template <typename F>
wire::InputError inputErrorOf(F&& f) {
    try {
        std::forward<F>(f)();
    } catch (const wire::InputError& e) {
        return e;
    }
    throw std::runtime_error("expected a wire::InputError, but nothing was thrown");
}

}  // namespace dhcplite::test
