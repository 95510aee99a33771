// The size presets of an example (--size notebook|small|large): the argument
// lists of its manifest's "sizes", common/examples/<name>/manifest.json. CMake
// checks the manifest and generates the one definition of example_sizes() that
// each binary compiles in (cmake/HpcpManifest.cmake); nothing reads the
// manifest at run time.
#pragma once

#include <string>
#include <vector>

namespace hpcp {

struct SizePreset {
  std::string name;               // "notebook", "small", "large"
  std::vector<std::string> args;  // {"--n", "40000"}; the notebook's: none
};

struct SizeTable {
  std::string example;  // the manifest's "example": the binary's E::name
  std::vector<SizePreset> presets;
};

// The presets of the binary's example (generated: <build>/generated/sizes/<name>_sizes.cpp).
const SizeTable& example_sizes();

}  // namespace hpcp
