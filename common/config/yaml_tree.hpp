#pragma once
// Internal to the config library: a YAML document as a small read-only tree built from yaml-cpp's
// parser events (not YAML::Node), so that yaml-cpp stays out of every public header, every node
// keeps its source position, duplicate mapping keys stay visible (YAML::Node keeps only one of
// them), and a 100,000-site file loads without YAML::Node's per-node allocations.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace dhcplite::config::detail {

enum class NodeKind : std::uint8_t { Null, Scalar, Sequence, Mapping };

class YamlTree;

// A position in the source text: 1-based line and column (columns count bytes, as yaml-cpp does).
struct SourcePosition {
    std::size_t line = 0;
    std::size_t column = 0;
};

class NodeRef {
public:
    NodeRef() = default;
    NodeRef(const YamlTree* tree, std::uint32_t index) noexcept : tree_(tree), index_(index) {}

    bool valid() const noexcept { return tree_ != nullptr; }
    NodeKind kind() const noexcept;
    bool isNull() const noexcept { return kind() == NodeKind::Null; }
    bool isScalar() const noexcept { return kind() == NodeKind::Scalar; }
    bool isSequence() const noexcept { return kind() == NodeKind::Sequence; }
    bool isMapping() const noexcept { return kind() == NodeKind::Mapping; }

    std::string_view scalar() const noexcept;  // empty unless a scalar
    std::size_t size() const noexcept;         // items of a sequence, pairs of a mapping
    NodeRef item(std::size_t i) const noexcept;
    NodeRef key(std::size_t i) const noexcept;
    NodeRef value(std::size_t i) const noexcept;

    SourcePosition position() const noexcept;
    // Where character `index` of this scalar's value stands in the source. Exact for plain and
    // quoted scalars written on one line without escapes; otherwise nullopt-like {0, 0}.
    SourcePosition positionOfCharacter(std::size_t index) const noexcept;

private:
    const YamlTree* tree_ = nullptr;
    std::uint32_t index_ = 0;
};

class YamlTree {
public:
    // Throws ConfigError (file `sourceName`) for YAML syntax errors, a second document, an alias
    // that refers to a node containing it, or text over 1 GiB. An empty text (or only comments)
    // gives an empty tree.
    static YamlTree parse(std::string_view text, const std::string& sourceName);

    bool empty() const noexcept { return nodes_.empty(); }
    NodeRef root() const noexcept { return NodeRef(this, 0); }

private:
    friend class NodeRef;
    friend class TreeBuilder;

    struct Node {
        NodeKind kind = NodeKind::Null;
        bool quoted = false;       // scalar not written plain (tag "!")
        std::uint32_t line = 0;    // 1-based
        std::uint32_t column = 0;  // 1-based
        std::uint32_t offset = 0;  // byte offset in the source
        std::uint32_t first = 0;   // scalar: start in text_; containers: start in children_
        std::uint32_t count = 0;   // scalar: length; sequence: items; mapping: 2 × pairs
    };

    std::string_view source_;
    std::vector<Node> nodes_;
    std::vector<std::uint32_t> children_;
    std::string text_;  // all scalar values back to back
};

}  // namespace dhcplite::config::detail
