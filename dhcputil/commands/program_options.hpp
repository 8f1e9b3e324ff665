#pragma once
// Boost.Program_options, included with one GCC 12 false positive silenced: at -O2,
// typed_value<std::string>::notify() inlines a string copy through boost::any_cast's pointer and
// -Wnull-dereference reports it (in Boost's header, not in our code). The pragma covers only this
// include; our own code keeps the warning.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wnull-dereference"
#include <boost/program_options.hpp>
#pragma GCC diagnostic pop
