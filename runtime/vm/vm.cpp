// The dispatch loop of the expression VM (opcodes.def is its specification).
//
// Safety without a verifier: the loop checks what it cannot prove — operand
// counts against the stack, indexes against the module, jump targets — and
// gives up with unset on anything the lowering would never produce, instead
// of reading out of bounds. Jumps must go forward, so each instruction runs
// at most once: evaluation always terminates, and since no instruction grows
// the stack by more than one value, the stack never holds more values than
// the chunk has instructions. Pushes therefore need no check.
//
// Speed: the stack lives in the evaluate() frame (heap only for chunks longer
// than kInline instructions), so boolean and numeric expressions allocate
// nothing; values are constructed in place and destroyed as they are popped.
// The dispatch is a plain switch: threaded code (a jump table and a jump at
// the end of every instruction, as Lua 5.4's ljumptab.h) was tried and ran
// filter_heavy.flow 12 % slower with GCC 12 (0.83 against 0.74 s of CPU,
// five runs each), for all that perf puts a quarter of this loop's samples
// on the switch's one jump.
#include "vm/vm.h"

#include <cassert>
#include <memory>
#include <new>
#include <optional>

#include "vm/ops.h"
#include "vm/typed_reads.h"

namespace flowc::vm {

using ir::Opcode;
using ir::Value;

namespace {

class Stack {
 public:
  explicit Stack(size_t capacity) : capacity_(capacity) {
    if (capacity > kInline) heap_ = std::make_unique<std::byte[]>(capacity * sizeof(Value));
    data_ = std::launder(reinterpret_cast<Value*>(heap_ ? heap_.get() : inline_));
  }
  ~Stack() { std::destroy_n(data_, size_); }
  Stack(const Stack&) = delete;
  Stack& operator=(const Stack&) = delete;

  size_t size() const { return size_; }
  bool has(int64_t n) const { return n >= 0 && static_cast<size_t>(n) <= size_; }
  void push(Value v) {
    assert(size_ < capacity_);
    std::construct_at(data_ + size_++, std::move(v));
  }
  Value pop() {
    Value v = std::move(data_[--size_]);
    std::destroy_at(data_ + size_);
    return v;
  }
  void drop(size_t n) {
    std::destroy_n(data_ + size_ - n, n);
    size_ -= n;
  }
  Value& top(size_t below = 0) { return data_[size_ - 1 - below]; }
  Value* from_top(size_t n) { return data_ + size_ - n; }

 private:
  static constexpr size_t kInline = 32;
  alignas(Value) std::byte inline_[kInline * sizeof(Value)];
  std::unique_ptr<std::byte[]> heap_;
  Value* data_;
  size_t size_ = 0;
  [[maybe_unused]] size_t capacity_;
};

template <typename T>
bool valid_enum(int32_t a, T last) {
  return a >= 0 && a <= static_cast<int32_t>(last);
}

// Replaces the top two values with op(left, right).
template <typename Op>
void binary(Stack& stack, Op op) {
  Value result = op(stack.top(1), stack.top(0));
  stack.drop(1);
  stack.top() = std::move(result);
}

// Two numbers on top: the result replaces them without a temporary
// (ops::numeric_in_place); false, untouched, for anything else.
[[gnu::always_inline]] inline bool numeric_in_place(Stack& stack, Opcode op) {
  if (!ops::numeric_in_place(op, stack.top(1), stack.top(0))) return false;
  stack.drop(1);
  return true;
}

Value make_list(Stack& stack, size_t n) {
  Value* first = stack.from_top(n);
  std::vector<Value> items(std::make_move_iterator(first), std::make_move_iterator(first + n));
  stack.drop(n);
  return Value::list_of(std::move(items));
}

Value concat(Stack& stack, size_t n) {
  Value* first = stack.from_top(n);
  size_t total = 0;
  for (size_t k = 0; k < n; ++k) total += first[k].str().size();
  std::string out;
  out.reserve(total);
  // Parts are strings after ToText; anything else is displayed so a
  // hand-made chunk still renders sensibly.
  for (size_t k = 0; k < n; ++k) out += first[k].kind == ir::ValueKind::String ? first[k].str() : ir::display(first[k]);
  stack.drop(n);
  return Value::string(std::move(out));
}

// What the load instructions read: the profile in place in the typed layout
// (typed_view.h) when the caller passed a view, else the context's methods.
class Loads {
 public:
  Loads(const ir::Module& module, EvalContext& context, const TypedView* view)
      : module_(module), context_(context), view_(view) {}

  Value property(ir::Index slot) {
    return view_ ? typed_reads::property(*view_, slot) : context_.profile_property(slot);
  }
  ir::Consent consent(ir::ConsentChannel channel) {
    return view_ ? typed_reads::consent(*view_, channel) : context_.consent(channel);
  }
  bool in_list(ir::Index list) { return view_ ? typed_reads::in_list(*view_, list) : context_.in_list(list); }
  bool in_segment(ir::Index segment) {
    return view_ ? typed_reads::in_segment(*view_, segment) : context_.in_segment(segment);
  }
  Value aggregate(ir::Index a) {
    if (view_)
      if (std::optional<Value> v = typed_reads::aggregate_over_all_time(*view_, module_, a)) return std::move(*v);
    return context_.aggregate(a);  // a window: the context computes it from the events kept
  }

 private:
  const ir::Module& module_;
  EvalContext& context_;
  const TypedView* view_;
};

Value run(const ir::Module& module, const ir::Chunk& chunk, EvalContext& context, const TypedView* view) {
  const ir::Instr* code = chunk.code.data();
  const size_t size = chunk.code.size();
  Stack stack(size);
  Loads loads(module, context, view);
  size_t pc = 0;
  // A jump must land after itself and inside the chunk (or just past its
  // end, which ends evaluation like any fall-through: unset).
  auto forward = [&](int32_t target) {
    return target >= 0 && static_cast<size_t>(target) >= pc && static_cast<size_t>(target) <= size;
  };

  while (pc < size) {
    const ir::Instr in = code[pc++];
    switch (in.op) {
      case Opcode::Const:
        if (in.a < 0 || static_cast<size_t>(in.a) >= module.constants.size()) return {};
        stack.push(module.constants[in.a]);
        break;
      case Opcode::LoadProfile:
        stack.push(loads.property(static_cast<ir::Index>(in.a)));
        break;
      case Opcode::LoadBuiltin:
        if (!valid_enum(in.a, ir::BuiltinField::Created)) return {};
        stack.push(context.builtin_field(static_cast<ir::BuiltinField>(in.a)));
        break;
      case Opcode::LoadConsent:
        if (!valid_enum(in.a, ir::ConsentChannel::Whatsapp)) return {};
        stack.push(Value::consent(loads.consent(static_cast<ir::ConsentChannel>(in.a))));
        break;
      case Opcode::LoadEvent:
        stack.push(context.event_property(static_cast<ir::Index>(in.a)));
        break;
      case Opcode::LoadSpecial:
        if (!valid_enum(in.a, ir::SpecialName::OrganizationName)) return {};
        stack.push(context.special(static_cast<ir::SpecialName>(in.a)));
        break;
      case Opcode::Now:
        stack.push(Value::datetime(context.now()));
        break;
      case Opcode::InList:
        stack.push(Value::boolean(loads.in_list(static_cast<ir::Index>(in.a))));
        break;
      case Opcode::InSegment:
        stack.push(Value::boolean(loads.in_segment(static_cast<ir::Index>(in.a))));
        break;
      case Opcode::Aggregate:
        stack.push(loads.aggregate(static_cast<ir::Index>(in.a)));
        break;
      case Opcode::MakeList:
        if (!stack.has(in.a)) return {};
        stack.push(make_list(stack, static_cast<size_t>(in.a)));
        break;

      case Opcode::Add:
        if (!stack.has(2)) return {};
        if (numeric_in_place(stack, in.op)) break;
        binary(stack, ops::add);
        break;
      case Opcode::Sub:
        if (!stack.has(2)) return {};
        if (numeric_in_place(stack, in.op)) break;
        binary(stack, ops::sub);
        break;
      case Opcode::Mul:
        if (!stack.has(2)) return {};
        if (numeric_in_place(stack, in.op)) break;
        binary(stack, ops::mul);
        break;
      case Opcode::Div:
        if (!stack.has(2)) return {};
        binary(stack, ops::div);
        break;
      case Opcode::Mod:
        if (!stack.has(2)) return {};
        binary(stack, ops::mod);
        break;
      case Opcode::Neg:
        if (!stack.has(1)) return {};
        stack.top() = ops::neg(stack.top());
        break;
      case Opcode::Eq:
      case Opcode::Ne:
      case Opcode::Lt:
      case Opcode::Le:
      case Opcode::Gt:
      case Opcode::Ge:
        if (!stack.has(2)) return {};
        if (numeric_in_place(stack, in.op)) break;
        binary(stack, [op = in.op](const Value& l, const Value& r) { return Value::boolean(ops::compare(op, l, r)); });
        break;
      case Opcode::Not:
        if (!stack.has(1)) return {};
        stack.top() = Value::boolean(!stack.top().truthy());
        break;
      case Opcode::IsSet:
        if (!stack.has(1)) return {};
        stack.top() = Value::boolean(stack.top().is_set());
        break;
      case Opcode::In:
        if (!stack.has(2)) return {};
        binary(stack,
               [](const Value& item, const Value& list) { return Value::boolean(ops::list_contains(list, item)); });
        break;
      case Opcode::Call: {
        if (!stack.has(in.b) || !valid_enum(in.a, ir::Builtin::Default)) return {};
        Value result = ops::call_builtin(static_cast<ir::Builtin>(in.a), stack.from_top(in.b), in.b, context);
        stack.drop(in.b);
        stack.push(std::move(result));
        break;
      }

      case Opcode::Jump:
        if (!forward(in.a)) return {};
        pc = static_cast<size_t>(in.a);
        break;
      case Opcode::JumpIfFalseOrPop:
        if (!stack.has(1) || !forward(in.a)) return {};
        if (stack.top().truthy()) {
          stack.drop(1);
        } else {
          stack.top() = Value::boolean(false);  // unset counts as false
          pc = static_cast<size_t>(in.a);
        }
        break;
      case Opcode::JumpIfTrueOrPop:
        if (!stack.has(1) || !forward(in.a)) return {};
        if (stack.top().truthy())
          pc = static_cast<size_t>(in.a);
        else
          stack.drop(1);
        break;
      case Opcode::Return:
        if (!stack.has(1)) return {};
        return stack.pop();

      case Opcode::Filter: {
        if (!valid_enum(in.a, ir::TemplateFilter::Date)) return {};
        auto filter = static_cast<ir::TemplateFilter>(in.a);
        bool has_arg = filter == ir::TemplateFilter::Default || filter == ir::TemplateFilter::Date;
        if (!stack.has(has_arg ? 2 : 1)) return {};
        Value arg = has_arg ? stack.pop() : Value();
        if (!ops::apply_filter(filter, stack.top(), arg)) return {};
        break;
      }
      case Opcode::ToText:
        if (!stack.has(1)) return {};
        if (stack.top().kind != ir::ValueKind::String) stack.top() = Value::string(ir::display(stack.top()));
        break;
      case Opcode::Concat:
        if (!stack.has(in.a)) return {};
        stack.push(concat(stack, static_cast<size_t>(in.a)));
        break;
      case Opcode::Escape:
        if (!valid_enum(in.a, ir::HtmlEscape::UrlComponent) || !stack.has(1)) return {};
        ops::escape_value(static_cast<ir::HtmlEscape>(in.a), stack.top());
        break;

      default:
        return {};  // not an opcode
    }
  }
  return {};  // fell off the end without Return
}

}  // namespace

Value evaluate(const ir::Module& module, ir::Index chunk, EvalContext& context, const TypedView* view) {
  if (chunk >= module.chunks.size()) return {};
  return run(module, module.chunks[chunk], context, view);
}

std::string render(const ir::Module& module, ir::Index chunk, EvalContext& context) {
  return ir::display(evaluate(module, chunk, context));
}

}  // namespace flowc::vm
