//! The seat map's build is linked with its relocations kept: `cargo xtask` splits its time
//! picker out of the first load (xtask/src/split.rs), and the splitter reads them. Only that
//! build: binaryen cannot optimise a wasm that carries them, and Trunk's wasm-opt would serve
//! the others unoptimised. (A link argument from here touches the app's own link alone; the
//! same flag in RUSTFLAGS would recompile every dependency for one build and not the others.)

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    let wasm = std::env::var("CARGO_CFG_TARGET_ARCH").is_ok_and(|arch| arch == "wasm32");
    if wasm && std::env::var_os("CARGO_FEATURE_SEAT_MAP").is_some() {
        println!("cargo::rustc-link-arg=--emit-relocs");
    }
}
