"""The openpyxl peer of the import benchmark: loads each workbook in full (not read-only, as a
script that inspects a matrix would) and reads every cell of every sheet.

    python3 openpyxl_read.py RUNS FILE...

Prints one line per file: its path, a tab, the median time of RUNS reads in milliseconds.
"""

import statistics
import sys
import time

from openpyxl import load_workbook


def read_every_cell(path):
    book = load_workbook(path, read_only=False, data_only=True)
    cells = 0
    for sheet in book.worksheets:
        for row in sheet.iter_rows(values_only=True):
            for value in row:
                if value is not None:
                    cells += 1
    book.close()
    return cells


def main():
    runs = int(sys.argv[1])
    for path in sys.argv[2:]:
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            read_every_cell(path)
            times.append((time.perf_counter() - start) * 1000)
        print(f"{path}\t{statistics.median(times):.2f}", flush=True)


if __name__ == "__main__":
    main()
