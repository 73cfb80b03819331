"""Average several 1-seed OOF files of the same configuration into a seed ensemble.
Run: cd $CHARNET_WORK && python3 combine.py oof_cnn_ens3.json oof_cnn_long.json oof_cnn_long_seed1.json oof_cnn_long_seed2.json
"""

import json
import sys

out, ins = sys.argv[1], [json.load(open(p)) for p in sys.argv[2:]]
json.dump([{k: sum(f[i][k] for f in ins) / len(ins) for k in ins[0][i]} for i in range(len(ins[0]))], open(out, "w"))
