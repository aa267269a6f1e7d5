#version 330 core
// Each cell's colour and opacity come from its texel; unknown cells (opacity 0) are left out.

in vec2 v_texcoord;

uniform sampler2D u_cells;

out vec4 o_color;

void main() {
    vec4 cell = texture(u_cells, v_texcoord);
    if (cell.a < 0.01) discard;
    o_color = cell;
}
