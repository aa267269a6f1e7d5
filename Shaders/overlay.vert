#version 330 core
// Screen-space textured rectangles (panels, legend, text), positioned in framebuffer pixels
// with the origin at the top left.

layout(location = 0) in vec2 a_position;
layout(location = 1) in vec2 a_texcoord;

uniform vec2 u_viewportSize;

out vec2 v_texcoord;

void main() {
    vec2 ndc = a_position / u_viewportSize * 2.0 - 1.0;
    gl_Position = vec4(ndc.x, -ndc.y, 0.0, 1.0);
    v_texcoord = a_texcoord;
}
