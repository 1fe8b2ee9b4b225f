"""NeMo Gym's math resources server (``resources_servers/math_with_judge``), served alone on loopback.

Runs under ``.venv-nemo-gym`` (NeMo Gym needs Python >= 3.12): ``python nemo_gym_server.py <port>``.
It builds the server the way NeMo Gym's own tests build theirs (config object, ``setup_webserver()``)
and serves that FastAPI app with uvicorn, so ``POST /verify`` is NeMo Gym's code unchanged. What is left
out is ``ng_run``'s orchestration (a Ray cluster and a head server that hands every server its config):
the head-server client is a real ``ServerClient`` pointing nowhere, which ``/verify`` never calls while
the LLM judge is off (``should_use_judge=False``: the math-verify library alone decides the reward).
"""
import sys

import uvicorn
from omegaconf import OmegaConf

from nemo_gym.server_utils import BaseServerConfig, ServerClient
from resources_servers.math_with_judge.app import (
    LibraryJudgeMathResourcesServer,
    LibraryJudgeMathResourcesServerConfig,
)


def main(port: int) -> None:
    config = LibraryJudgeMathResourcesServerConfig(
        host="127.0.0.1", port=port, entrypoint="app.py", name="math_with_judge", should_use_judge=False,
        judge_model_server={"type": "responses_api_models", "name": "judge"},
        judge_responses_create_params={"input": []})
    head = ServerClient(head_server_config=BaseServerConfig(host="127.0.0.1", port=1),
                        global_config_dict=OmegaConf.create({}))
    app = LibraryJudgeMathResourcesServer(config=config, server_client=head).setup_webserver()
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="info")


if __name__ == "__main__":
    main(int(sys.argv[1]))
