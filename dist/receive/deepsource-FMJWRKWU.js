import{p as a}from"./chunk-YHLDKXRW.js";import"./chunk-M7RO7GWO.js";export{a as reactions};
