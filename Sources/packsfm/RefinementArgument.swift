import ArgumentParser
import DepthModels

/// `--refine none|guided|bilateral` parses into the library's refinement choice.
extension DepthRefinementOption: ExpressibleByArgument {}
