#include "config/yaml_tree.hpp"

#include <fmt/format.h>
#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include <limits>
#include <optional>
#include <sstream>
#include <utility>

#include "config/config.hpp"
#include "wire/hex.hpp"

namespace dhcplite::config::detail {

// ---- NodeRef ----

NodeKind NodeRef::kind() const noexcept { return tree_->nodes_[index_].kind; }

std::string_view NodeRef::scalar() const noexcept {
    const auto& node = tree_->nodes_[index_];
    if (node.kind != NodeKind::Scalar) return {};
    return std::string_view(tree_->text_).substr(node.first, node.count);
}

std::size_t NodeRef::size() const noexcept {
    const auto& node = tree_->nodes_[index_];
    switch (node.kind) {
    case NodeKind::Sequence: return node.count;
    case NodeKind::Mapping: return node.count / 2;
    default: return 0;
    }
}

NodeRef NodeRef::item(std::size_t i) const noexcept {
    return NodeRef(tree_, tree_->children_[tree_->nodes_[index_].first + i]);
}

NodeRef NodeRef::key(std::size_t i) const noexcept {
    return NodeRef(tree_, tree_->children_[tree_->nodes_[index_].first + 2 * i]);
}

NodeRef NodeRef::value(std::size_t i) const noexcept {
    return NodeRef(tree_, tree_->children_[tree_->nodes_[index_].first + 2 * i + 1]);
}

SourcePosition NodeRef::position() const noexcept {
    const auto& node = tree_->nodes_[index_];
    return {node.line, node.column};
}

SourcePosition NodeRef::positionOfCharacter(std::size_t index) const noexcept {
    const auto& node = tree_->nodes_[index_];
    if (node.kind != NodeKind::Scalar || node.line == 0) return {};
    const std::string_view value = scalar();
    const std::string_view source = tree_->source_;
    std::size_t start = node.offset;
    if (node.quoted) {
        if (start >= source.size() || (source[start] != '"' && source[start] != '\'')) return {};
        ++start;
    }
    // Only when the source spells the value verbatim (no escapes, no line folding) does a
    // character index map onto a column.
    if (index > value.size() || start > source.size() ||
        source.substr(start, value.size()) != value || value.find('\n') != std::string_view::npos) {
        return {};
    }
    return {node.line, node.column + (start - node.offset) + index};
}

// ---- building from parser events ----

namespace {

std::uint32_t to32(std::size_t v) { return static_cast<std::uint32_t>(v); }

std::uint32_t markLine(const YAML::Mark& mark) {
    return mark.is_null() || mark.line < 0 ? 0 : to32(static_cast<std::size_t>(mark.line) + 1);
}
std::uint32_t markColumn(const YAML::Mark& mark) {
    return mark.is_null() || mark.column < 0 ? 0 : to32(static_cast<std::size_t>(mark.column) + 1);
}
std::uint32_t markOffset(const YAML::Mark& mark) {
    return mark.is_null() || mark.pos < 0 ? 0 : to32(static_cast<std::size_t>(mark.pos));
}

struct PendingError {
    std::size_t line = 0, column = 0;
    std::string reason;
};

}  // namespace

class TreeBuilder : public YAML::EventHandler {
public:
    explicit TreeBuilder(YamlTree& tree) : tree_(tree) {}

    std::optional<PendingError> error;

    void OnDocumentStart(const YAML::Mark& /*mark*/) override {}
    void OnDocumentEnd() override {}

    void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
        YamlTree::Node node;
        node.kind = NodeKind::Null;
        place(node, mark);
        // yaml-cpp marks an absent value at the next token (often the next line); the key it
        // belongs to is where an admin should look.
        if (inMappingValuePosition()) {
            const auto& key = tree_.nodes_[pending_.back()];
            node.line = key.line;
            node.column = key.column;
            node.offset = key.offset;
        }
        add(node, anchor, true);
    }

    void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
        if (anchor >= anchors_.size() || !anchors_[anchor].complete) {
            // An alias inside the node it names (`&a [*a]`) would make the tree a cycle.
            fail(mark, "an alias refers to a node that contains it (a loop)");
            anchor = 0;
        }
        if (anchor == 0) {
            YamlTree::Node node;
            place(node, mark);
            add(node, 0, true);
            return;
        }
        attach(anchors_[anchor].index);
    }

    void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                  const std::string& value) override {
        YamlTree::Node node;
        node.kind = NodeKind::Scalar;
        node.quoted = tag != "?";
        place(node, mark);
        node.first = to32(tree_.text_.size());
        node.count = to32(value.size());
        tree_.text_ += value;
        add(node, anchor, true);
    }

    void OnSequenceStart(const YAML::Mark& mark, const std::string& /*tag*/, YAML::anchor_t anchor,
                         YAML::EmitterStyle::value /*style*/) override {
        open(NodeKind::Sequence, mark, anchor);
    }
    void OnSequenceEnd() override { close(); }

    void OnMapStart(const YAML::Mark& mark, const std::string& /*tag*/, YAML::anchor_t anchor,
                    YAML::EmitterStyle::value /*style*/) override {
        open(NodeKind::Mapping, mark, anchor);
    }
    void OnMapEnd() override { close(); }

private:
    struct Open {
        std::uint32_t index;
        std::size_t pendingStart;
        YAML::anchor_t anchor;
    };
    struct Anchor {
        std::uint32_t index = 0;
        bool complete = false;
    };

    void fail(const YAML::Mark& mark, std::string reason) {
        if (!error) error = PendingError{markLine(mark), markColumn(mark), std::move(reason)};
    }

    static void place(YamlTree::Node& node, const YAML::Mark& mark) {
        node.line = markLine(mark);
        node.column = markColumn(mark);
        node.offset = markOffset(mark);
    }

    bool inMappingValuePosition() const {
        return !open_.empty() && tree_.nodes_[open_.back().index].kind == NodeKind::Mapping &&
               (pending_.size() - open_.back().pendingStart) % 2 == 1;
    }

    std::uint32_t add(const YamlTree::Node& node, YAML::anchor_t anchor, bool complete) {
        const auto index = to32(tree_.nodes_.size());
        tree_.nodes_.push_back(node);
        if (anchor != 0) {
            if (anchors_.size() <= anchor) anchors_.resize(anchor + 1);
            anchors_[anchor] = Anchor{index, complete};
        }
        attach(index);
        return index;
    }

    void attach(std::uint32_t index) {
        if (!open_.empty()) pending_.push_back(index);
    }

    void open(NodeKind kind, const YAML::Mark& mark, YAML::anchor_t anchor) {
        YamlTree::Node node;
        node.kind = kind;
        place(node, mark);
        const auto index = add(node, anchor, false);
        open_.push_back(Open{index, pending_.size(), anchor});
    }

    void close() {
        const Open top = open_.back();
        open_.pop_back();
        auto& node = tree_.nodes_[top.index];
        node.first = to32(tree_.children_.size());
        node.count = to32(pending_.size() - top.pendingStart);
        tree_.children_.insert(tree_.children_.end(),
                               pending_.begin() + static_cast<std::ptrdiff_t>(top.pendingStart),
                               pending_.end());
        pending_.resize(top.pendingStart);
        if (top.anchor != 0) anchors_[top.anchor].complete = true;
    }

    YamlTree& tree_;
    std::vector<Open> open_;
    std::vector<std::uint32_t> pending_;
    std::vector<Anchor> anchors_;
};

// Records only where a second document starts.
class DocumentProbe : public YAML::EventHandler {
public:
    std::optional<YAML::Mark> start;
    void OnDocumentStart(const YAML::Mark& mark) override {
        if (!start) start = mark;
    }
    void OnDocumentEnd() override {}
    void OnNull(const YAML::Mark& /*mark*/, YAML::anchor_t /*anchor*/) override {}
    void OnAlias(const YAML::Mark& /*mark*/, YAML::anchor_t /*anchor*/) override {}
    void OnScalar(const YAML::Mark& /*mark*/, const std::string& /*tag*/, YAML::anchor_t /*anchor*/,
                  const std::string& /*value*/) override {}
    void OnSequenceStart(const YAML::Mark& /*mark*/, const std::string& /*tag*/,
                         YAML::anchor_t /*anchor*/, YAML::EmitterStyle::value /*style*/) override {}
    void OnSequenceEnd() override {}
    void OnMapStart(const YAML::Mark& /*mark*/, const std::string& /*tag*/,
                    YAML::anchor_t /*anchor*/, YAML::EmitterStyle::value /*style*/) override {}
    void OnMapEnd() override {}
};

namespace {

// yaml-cpp's own limit on nesting (DepthGuard) reports "bad file"; say what it means.
std::string syntaxReason(const YAML::Exception& e) {
    if (dynamic_cast<const YAML::DeepRecursion*>(&e) != nullptr) {
        return "YAML nesting too deep";
    }
    // yaml-cpp quotes the offending character raw (a newline, a NUL...): keep the message one line.
    return fmt::format("YAML syntax error: {}", wire::escapeForDisplay(e.msg));
}

// yaml-cpp reports a tab used for indentation as some other error ("illegal map value"); the
// real cause is worth a hint (YAML 1.2 §6.1: indentation is spaces only). Returns the 1-based
// line of the first such tab at or before `errorLine`, or 0.
std::size_t tabIndentedLine(std::string_view text, std::size_t errorLine) {
    std::size_t line = 1;
    bool lineStart = true;
    for (const char c : text) {
        if (line > errorLine) break;
        if (c == '\n') {
            ++line;
            lineStart = true;
        } else if (lineStart && c == '\t') {
            return line;
        } else if (c != ' ') {
            lineStart = false;
        }
    }
    return 0;
}

// yaml-cpp marks are ints; beyond this they would wrap.
constexpr std::size_t kMaxText = std::size_t{1} << 30;

}  // namespace

YamlTree YamlTree::parse(std::string_view text, const std::string& sourceName) {
    YamlTree tree;
    if (text.size() > kMaxText) {
        throw ConfigError(sourceName, 0, 0, "", "the file is larger than 1 GiB");
    }
    tree.source_ = text;
    // yaml-cpp skips a UTF-8 byte order mark without counting it in its offsets.
    if (tree.source_.starts_with("\xEF\xBB\xBF")) tree.source_.remove_prefix(3);
    std::istringstream in{std::string(text)};
    YAML::Parser parser(in);
    std::optional<PendingError> error;
    try {
        TreeBuilder builder(tree);
        const bool any = parser.HandleNextDocument(builder);
        error = std::move(builder.error);
        if (!any) {
            tree.nodes_.clear();
            return tree;
        }
        if (!error) {
            DocumentProbe probe;
            if (parser.HandleNextDocument(probe) && probe.start) {
                error = PendingError{
                    markLine(*probe.start), markColumn(*probe.start),
                    "a second YAML document ('---'): the configuration is one document"};
            }
        }
    } catch (const YAML::Exception& e) {
        std::string reason = syntaxReason(e);
        const std::size_t line = markLine(e.mark);
        if (const std::size_t tab = tabIndentedLine(text, line == 0 ? kMaxText : line); tab != 0) {
            reason += fmt::format(
                " (line {} is indented with a tab; YAML indents with spaces only)", tab);
        }
        throw ConfigError(sourceName, line, markColumn(e.mark), "", std::move(reason));
    }
    if (error) {
        throw ConfigError(sourceName, error->line, error->column, "", error->reason);
    }
    return tree;
}

}  // namespace dhcplite::config::detail
