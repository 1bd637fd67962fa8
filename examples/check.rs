fn main() {
    match etuus::rules() {
        Ok(r) => {
            println!("OK");
            print!("{}", r.warnings().render_plain());
        }
        Err(d) => print!("{}", d.render_plain()),
    }
}
