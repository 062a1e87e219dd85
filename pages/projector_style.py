"""How the projector looks, for 16:9 at 1920×1080 and 1280×720, read from the back of a meeting room.

- The screen never scrolls: a grid of header / main / nothing else, exactly one viewport high. What may not fit (the
  groups of a large group work) turns page by page instead (ROTATE_GROUPS).
- Type is sized on the smaller of width and height, so both resolutions show the same picture, and never below 32 px
  for body text (at 1280×720 that floor decides). Light on dark, every pair at least 7:1.
- Class names are our own (`line`, not Quasar's wrapping `row`).
"""
from __future__ import annotations

BACKGROUND, TEXT, MUTED, ACCENT = '#0b1220', '#ffffff', '#d7dee8', '#fde68a'   # 19:1, 14:1, 15:1 on BACKGROUND
OVERRUN = '#ffb4ab'    # 11:1 on BACKGROUND
DONE_TEXT = '#9aa6b8'  # 7.6:1 on BACKGROUND: finished items, plainly behind the ones to come
MESSAGE_BACKGROUND = '#fde68a'  # with BACKGROUND as text: 15:1
TRACK = '#334155'      # the progress bar's empty part (a decoration; the text beside it says the same)
ROTATE_SECONDS = 10


def size(factor: float, floor: int) -> str:
    """A font size `factor` times the body size, never below `floor` px."""
    return f'max({floor}px, min({2.1 * factor:.2f}vw, {3.7 * factor:.2f}vh))'


CSS = f'''
body.flnet-screen-body, .flnet-screen-body .nicegui-content {{ background: {BACKGROUND}; color: {TEXT}; }}
.flnet-screen-body .nicegui-content {{ padding: 0; }}
.flnet-screen-body .q-loading-bar {{ display: none; }}
.flnet-screen {{ width: 100vw; height: 100vh; overflow: hidden; padding: 2.5vh 3vw; box-sizing: border-box;
  font-size: {size(1, 32)}; line-height: 1.25; display: grid; grid-template-rows: auto minmax(0, 1fr);
  gap: 2.5vh; }}
.flnet-screen .muted {{ color: {MUTED}; }}
.flnet-screen header {{ display: flex; align-items: center; gap: 2vw; border-bottom: 2px solid {MUTED};
  padding-bottom: 1.5vh; }}
.flnet-screen header .titles {{ flex: 1; min-width: 0; }}
.flnet-screen h1 {{ font-size: {size(1.35, 40)}; font-weight: 700; margin: 0; line-height: 1.15; }}
.flnet-screen .clock {{ font-size: {size(1.35, 40)}; font-weight: 700; font-variant-numeric: tabular-nums; }}
.flnet-screen .qr {{ display: flex; align-items: center; gap: 1vw; }}
.flnet-screen .qr .muted {{ max-width: 7em; line-height: 1.1; }}
.flnet-screen .qr svg {{ height: 11vh; width: auto; background: #ffffff; }}
.flnet-screen .main {{ display: grid; grid-template-columns: 1.6fr 1fr; gap: 3vw; min-height: 0; }}
.flnet-screen .main.between {{ grid-template-columns: 1fr 1.3fr; }}
.flnet-screen .stack {{ display: flex; flex-direction: column; gap: 1.5vh; min-height: 0; min-width: 0; }}
.flnet-screen .now-title {{ font-size: {size(2.2, 56)}; font-weight: 800; line-height: 1.1; }}
.flnet-screen .countdown {{ font-size: {size(4.2, 88)}; font-weight: 800; font-variant-numeric: tabular-nums;
  line-height: 1; color: {ACCENT}; }}
.flnet-screen .countdown.over {{ color: {OVERRUN}; }}
.flnet-screen h2 {{ font-size: {size(1.15, 36)}; font-weight: 700; margin: 0; color: {ACCENT}; }}
.flnet-screen .line {{ display: flex; flex-wrap: nowrap; gap: 1.2vw; align-items: baseline; min-width: 0; }}
.flnet-screen .line .time {{ flex: none; font-variant-numeric: tabular-nums; color: {MUTED}; }}
.flnet-screen .line .title {{ min-width: 0; }}
.flnet-screen .compact .line .title {{ white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }}
.flnet-screen .line.done, .flnet-screen .line.done .time {{ color: {DONE_TEXT}; }}
.flnet-screen .line.next {{ color: {ACCENT}; font-weight: 700; }}
.flnet-screen .lines {{ display: flex; flex-direction: column; gap: 0.5vh; min-height: 0; }}
.flnet-screen .at {{ font-size: {size(2.2, 56)}; font-weight: 700; color: {ACCENT};
  font-variant-numeric: tabular-nums; }}
.flnet-screen .progress {{ width: 100%; height: 1.6vh; min-height: 12px; background: {TRACK};
  border-radius: 0.8vh; overflow: hidden; }}
.flnet-screen .progress-done {{ height: 100%; background: {ACCENT}; }}
.flnet-screen .work {{ display: grid; grid-template-rows: auto minmax(0, 1fr) auto; gap: 1.5vh; min-height: 0; }}
.flnet-screen .work-head {{ display: flex; align-items: baseline; justify-content: space-between; gap: 2vw; }}
.flnet-screen .work-title {{ font-size: {size(1.5, 40)}; font-weight: 800; line-height: 1.1; min-width: 0; }}
.flnet-screen .work .countdown {{ font-size: {size(2.2, 56)}; }}
.flnet-screen .groups {{ position: relative; overflow: hidden; display: grid; gap: 1.5vh 1.5vw; align-content: start;
  grid-template-columns: repeat(auto-fill, minmax(max(300px, 22vw), 1fr)); }}
.flnet-screen .group {{ border: 2px solid {MUTED}; border-radius: 1vh; padding: 1vh 1vw; }}
.flnet-screen .group ul {{ list-style: none; margin: 0.5vh 0 0; padding: 0; }}
.flnet-screen .group-name {{ font-weight: 800; color: {ACCENT}; }}
.flnet-screen .groups-note {{ visibility: hidden; }}
.flnet-screen .work.rotating .groups-note {{ visibility: visible; }}
.flnet-message {{ position: fixed; left: 5vw; right: 5vw; top: 17vh; padding: 2vh 2.5vw; border-radius: 1.5vh;
  background: {MESSAGE_BACKGROUND}; color: {BACKGROUND}; font-size: {size(1.8, 48)}; font-weight: 800;
  text-align: center; box-shadow: 0 0 0 1vh {BACKGROUND}; z-index: 10; }}
'''

# Groups that do not fit turn page by page: every few seconds the list moves on to the first card that is cut off at
# the bottom, and back to the start after the last. No text of ours or of users is in here.
ROTATE_GROUPS = f'''<script>
let flnetTicks = 0;
setInterval(() => {{
  const box = document.querySelector('.flnet-screen .groups');
  if (!box) return;
  const more = box.scrollHeight - box.clientHeight > 4;
  box.parentElement.classList.toggle('rotating', more);
  if (!more) {{ box.scrollTop = 0; return; }}
  if (++flnetTicks % {ROTATE_SECONDS}) return;
  const bottom = box.scrollTop + box.clientHeight;
  const cut = [...box.children].find(card => card.offsetTop + card.offsetHeight > bottom + 1);
  box.scrollTo({{top: cut && cut.offsetTop > box.scrollTop ? cut.offsetTop : 0, behavior: 'smooth'}});
}}, 1000);
</script>'''
