"""Put the notebook tools first on the PATH of the installed GoNB kernel.

GoNB runs goimports from its PATH. `gonb --install` writes the kernel spec
with an empty environment, so a kernel started from a shell without the
tools on its PATH could not format cells. Jupyter substitutes ${PATH} in a
kernel spec's env with the PATH of the server that starts the kernel.

Usage: kernel_env.py BIN_DIR   (the spec is found as GoNB installs it:
$JUPYTER_DATA_DIR/kernels/gonb, else ~/.local/share/jupyter/kernels/gonb)
"""

import json
import os
import sys


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: kernel_env.py BIN_DIR")
    bin_dir = os.path.abspath(sys.argv[1])
    data_dir = os.environ.get("JUPYTER_DATA_DIR") or os.path.join(
        os.path.expanduser("~"), ".local", "share", "jupyter")
    spec_path = os.path.join(data_dir, "kernels", "gonb", "kernel.json")
    with open(spec_path) as f:
        spec = json.load(f)
    spec.setdefault("env", {})["PATH"] = bin_dir + ":${PATH}"
    tmp = spec_path + ".tmp"
    with open(tmp, "w") as f:
        json.dump(spec, f, indent=1)
        f.write("\n")
    os.replace(tmp, spec_path)
    print("notebooks: kernel gonb registered in " + spec_path)


if __name__ == "__main__":
    main()
