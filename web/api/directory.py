"""The directory kept true through the API (stewards and admins): ``POST /api/assets``,
``GET|PATCH /api/assets/{id}``, ``POST /api/assets/{id}/retire|verify|restore|merge`` and
``GET /api/assets/{id}/history``. Every save is one transaction, refused with 409 and what changed
meanwhile when made from an older version."""
from __future__ import annotations

from flask import jsonify
from flask_login import current_user

from mapper.directory import duplicates, editing, history

from web.api.common import GUARDED, SIGNED_IN, bp, context, json_body, responses, spec
from web.api.directory_models import (AssetPatch, DirectoryAsset, EditConflict, EntryDuplicates, History,
                                      Merger, NewAsset, Restoration, Retirement, Saved, Verification,
                                      answer_entry_errors, entry_exists)
from web.auth import require
from web.db import get_store
from web.problems import duplicate

ASSET_KEYS = set(DirectoryAsset.model_fields)


def fields_sent(model) -> dict:
    """The fields of the body as sent (PATCH: those left out stay as they are)."""
    body = json_body()
    return {k: body[k] for k in model.model_fields if k in body and k not in ("note", "version", "create_new")}


def asset_reply(entry_id: str):
    found = editing.read_asset(get_store(), entry_id)
    return {k: found.get(k) for k in ASSET_KEYS}


@bp.route("/assets", methods=["POST"])
@require("edit_directory")
@spec.validate(json=NewAsset, resp=responses((400, *GUARDED, 422), HTTP_201=Saved, HTTP_409=EntryDuplicates),
               tags=["directory"], security=SIGNED_IN)
def asset_create():
    """Add an asset (stewards and admins). Entries with a like name near the same postcode are answered
    409 with suggestions unless 'create_new' is true."""
    store = get_store()
    values = fields_sent(NewAsset)
    body = context().json
    if not body.create_new and isinstance(values.get("postcode"), str) and isinstance(values.get("name"), str):
        from mapper.directory.entry_fields import place

        found = place(values["postcode"], {})
        matches = duplicates.similar_assets(store, values["name"], found.lat if found else None,
                                            found.lon if found else None)
        if matches:
            raise duplicate("Entries like this are near: use one of them, or send 'create_new': true.", matches)
    made = answer_entry_errors(lambda: editing.create_asset(store, values, current_user.email, body.note))
    return jsonify(made), 201


@bp.route("/assets/<asset_id>")
@require("edit_directory")
@entry_exists(asset=True)
@spec.validate(resp=responses((*GUARDED, 404), HTTP_200=DirectoryAsset), tags=["directory"], security=SIGNED_IN)
def asset_one(asset_id: str):
    """One asset as its stewards see it (the hidden address too), with its version."""
    return jsonify(asset_reply(asset_id))


@bp.route("/assets/<asset_id>", methods=["PATCH"])
@require("edit_directory")
@entry_exists(asset=True)
@spec.validate(json=AssetPatch, resp=responses((400, *GUARDED, 404, 422), HTTP_200=Saved, HTTP_409=EditConflict),
               tags=["directory"], security=SIGNED_IN)
def asset_patch(asset_id: str):
    """Change the fields sent, from 'version': refused with 409 and what changed if it is not the latest."""
    body = context().json
    done = answer_entry_errors(lambda: editing.update_asset(get_store(), asset_id, fields_sent(AssetPatch),
                                                            body.version, current_user.email, body.note))
    return jsonify(done)


@bp.route("/assets/<asset_id>/retire", methods=["POST"])
@require("edit_directory")
@spec.validate(json=Retirement, resp=responses((400, *GUARDED, 404, 422), HTTP_200=Saved, HTTP_409=EditConflict),
               tags=["directory"], security=SIGNED_IN)
def asset_retire(asset_id: str):
    """Retire an asset: kept with its history, gone from search, the map and the Open Referral UK feed."""
    body = context().json
    return jsonify(answer_entry_errors(lambda: editing.retire(get_store(), asset_id, current_user.email,
                                                              body.version, body.note)))


@bp.route("/assets/<asset_id>/verify", methods=["POST"])
@require("edit_directory")
@spec.validate(json=Verification, resp=responses((400, *GUARDED, 404, 422), HTTP_200=Saved), tags=["directory"],
               security=SIGNED_IN)
def asset_verify(asset_id: str):
    """Verified today with the people who run it (records who and when; closes its open flags)."""
    store = get_store()
    answer_entry_errors(lambda: editing.verify(store, asset_id, current_user.email, note=context().json.note))
    return jsonify({"id": asset_id, "version": editing.read_asset(store, asset_id)["version"]})


@bp.route("/assets/<asset_id>/restore", methods=["POST"])
@require("restore_directory")
@spec.validate(json=Restoration, resp=responses((400, *GUARDED, 404, 422), HTTP_200=Saved), tags=["directory"],
               security=SIGNED_IN)
def asset_restore(asset_id: str):
    """Bring an asset back to an earlier version (admins); a retired one is reinstated."""
    body = context().json
    return jsonify(answer_entry_errors(lambda: editing.restore(get_store(), asset_id, body.version,
                                                               current_user.email, body.note)))


@bp.route("/assets/<asset_id>/merge", methods=["POST"])
@require("edit_directory")
@spec.validate(json=Merger, resp=responses((400, *GUARDED, 404, 422), HTTP_200=Saved), tags=["directory"],
               security=SIGNED_IN)
def asset_merge(asset_id: str):
    """Merge a duplicate into this asset: its links moved here, it is retired, both histories kept."""
    body = context().json
    done = answer_entry_errors(lambda: duplicates.merge_assets(get_store(), asset_id, body.duplicate,
                                                               current_user.email, body.note))
    return jsonify({"id": done["id"], "version": done["version"]})


@bp.route("/assets/<asset_id>/history")
@require("edit_directory")
@entry_exists(asset=True)
@spec.validate(resp=responses((*GUARDED, 404), HTTP_200=History), tags=["directory"], security=SIGNED_IN)
def asset_history(asset_id: str):
    """Every change to the asset, newest first: who, when, which fields from what to what, and why."""
    return jsonify({"entry": asset_id, "history": history.of(get_store(), asset_id)})
