#version 330 core

in vec2 v_texcoord;

uniform sampler2D u_texture;
uniform vec4 u_tint;

out vec4 o_color;

void main() {
    o_color = texture(u_texture, v_texcoord) * u_tint;
}
