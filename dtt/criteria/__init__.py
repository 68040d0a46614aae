"""The criteria file: metrics, tracks, rules, dated versions."""
