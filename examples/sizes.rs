fn main() {
    use etuus::engine::*;
    println!("Value {}", std::mem::size_of::<Value>());
    println!("EvalError {}", std::mem::size_of::<EvalError>());
    println!("Result {}", std::mem::size_of::<Result<Value, EvalError>>());
    println!(
        "Result boxed {}",
        std::mem::size_of::<Result<Value, Box<EvalError>>>()
    );
    println!(
        "Node {}",
        std::mem::size_of::<etuus::engine::compile::Node>()
    );
}
