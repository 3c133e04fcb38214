import{o as a}from"./chunk-5OE3O6NK.js";import"./chunk-3RJRI344.js";export{a as reactions};
