import{c as a}from"./chunk-5YHOJKFX.js";import"./chunk-M7RO7GWO.js";export{a as reactions};
