import Foundation
import TrialSpec

extension FuzzTarget {
    /// The REDCap data dictionary reader and converter (`crf import-dictionary`): any bytes give a
    /// conversion (forms YAML that the protocol loader has read back) or a typed error.
    public static let redcap = FuzzTarget(name: "redcap") { data in
        do throws(REDCapDictionaryError) {
            let conversion = try REDCapDictionary.convert(data: data, fileName: "fuzz.csv")
            return .accepted(String(describing: conversion).prefix(80).description)
        } catch {
            return .rejected(error.description)
        }
    }
}
